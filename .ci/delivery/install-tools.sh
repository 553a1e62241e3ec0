#!/usr/bin/env bash
# Installs the pinned delivery validators into a cache outside the clone.
# A tool is rebuilt only when the cached binary does not carry the pinned version.
# Usage: install-tools.sh [tool ...]   (no argument: all of them)
set -euo pipefail

BIN="${DELIVERY_BIN:-$HOME/.cache/studysync-delivery/bin}"
SCHEMAS="${DELIVERY_SCHEMAS:-$HOME/.cache/studysync-delivery/schemas}"
WORK="${DELIVERY_WORK:-$HOME/.cache/studysync-delivery/work}"
HERE="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$BIN" "$SCHEMAS" "$WORK"
export GOFLAGS="${GOFLAGS:--buildvcs=false}" CGO_ENABLED=0
# A build cache of our own, removed after a full install: only the binaries are kept.
export GOCACHE="${DELIVERY_GOCACHE:-$WORK/gocache}"

KUSTOMIZE=v5.8.2
KUBECONFORM=v0.8.0
ACTIONLINT=v1.7.12
PROMETHEUS=v0.316.0
TOFU=v1.12.6
TFLINT=v0.64.0
CONFTEST=v0.71.1
K8S=v1.34.4
K8S_STAGING=v0.34.4
K8S_MINOR=34
ARGOCD=v3.5.7
ROLLOUTS=v1.9.3
PROMOP=v0.85.0
DOCKERFILE_UTILS=0.16.3

log() { printf '[install-tools %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# has_version BIN MODULE VERSION: true when go version -m shows the pinned module version.
has_version() {
  [ -x "$1" ] && go version -m "$1" 2>/dev/null | awk -v m="$2" -v v="$3" \
    '($1=="mod"||$1=="dep") && $2==m && $3==v {ok=1} END {exit !ok}'
}

# Binaries built inside a downloaded module carry no module version; a stamp records it.
has_stamp() { [ -x "$BIN/$1" ] && [ "$(cat "$BIN/.$1.version" 2>/dev/null)" = "$2" ]; }
stamp() { echo "$2" >"$BIN/.$1.version"; }

go_tool() { # name module package version
  local name=$1 mod=$2 pkg=$3 ver=$4 t0
  if has_version "$BIN/$name" "$mod" "$ver"; then return 0; fi
  log "building $name $ver"; t0=$SECONDS
  GOBIN="$BIN" go install "$pkg@$ver"
  log "built $name in $((SECONDS - t0)) s"
}

mod_zip() { { go mod download -json "$1@$2" || true; } | python3 -c 'import json,sys; print(json.load(sys.stdin)["Zip"])'; }
crds_from() { # module version dest file...
  local zip; zip=$(mod_zip "$1" "$2")
  python3 - "$zip" "$1@$2" "$3" "${@:4}" <<'PY'
import os, sys, zipfile
zip_path, prefix, dest, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with zipfile.ZipFile(zip_path) as z:
    for name in files:
        with open(os.path.join(dest, os.path.basename(name)), "wb") as out:
            out.write(z.read(f"{prefix}/{name}"))
PY
}
mod_dir() { go mod download -json "$1@$2" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'; }

install_kustomize() { go_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE"; }
install_kubeconform() { go_tool kubeconform github.com/yannh/kubeconform github.com/yannh/kubeconform/cmd/kubeconform "$KUBECONFORM"; }
install_actionlint() { go_tool actionlint github.com/rhysd/actionlint github.com/rhysd/actionlint/cmd/actionlint "$ACTIONLINT"; }
install_promtool() { go_tool promtool github.com/prometheus/prometheus github.com/prometheus/prometheus/cmd/promtool "$PROMETHEUS"; }
install_tflint() { go_tool tflint github.com/terraform-linters/tflint github.com/terraform-linters/tflint "$TFLINT"; }
install_conftest() { go_tool conftest github.com/open-policy-agent/conftest github.com/open-policy-agent/conftest "$CONFTEST"; }

install_tofu() { # its go.mod has a replace directive, so go install refuses it
  if has_stamp tofu "$TOFU"; then return 0; fi
  log "building tofu $TOFU"; local t0=$SECONDS dir
  dir=$(mod_dir github.com/opentofu/opentofu "$TOFU")
  (cd "$dir" && go build -o "$BIN/tofu" ./cmd/tofu)
  stamp tofu "$TOFU"; log "built tofu in $((SECONDS - t0)) s"
}

# kube-apiserver and kubectl from k8s.io/kubernetes, in a small module that points every
# k8s.io staging module at its published version.
install_kube() {
  if has_stamp kube-apiserver "$K8S-stamped" && has_stamp kubectl "$K8S-stamped"; then return 0; fi
  log "building kube-apiserver and kubectl $K8S"; local t0=$SECONDS dir m="$WORK/kube" ldflags v
  # What the release build stamps in, so both report v1.34.4 (the API server serves it).
  for v in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $v.gitVersion=$K8S -X $v.gitMajor=1 -X $v.gitMinor=${K8S_MINOR} -X $v.gitTreeState=clean"
  done
  dir=$(mod_dir k8s.io/kubernetes "$K8S")
  rm -rf "$m" && mkdir -p "$m"
  {
    echo "module studysync.local/kube"
    echo "go 1.24"
    echo "require k8s.io/kubernetes $K8S"
    sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#replace \1 => \1 '"$K8S_STAGING"'#p' "$dir/go.mod"
  } >"$m/go.mod"
  (cd "$m" && go mod tidy >/dev/null 2>&1 || true
    go get k8s.io/kubernetes/cmd/kube-apiserver@"$K8S" k8s.io/kubernetes/cmd/kubectl@"$K8S"
    go build -ldflags "$ldflags" -o "$BIN/kube-apiserver" k8s.io/kubernetes/cmd/kube-apiserver
    go build -ldflags "$ldflags" -o "$BIN/kubectl" k8s.io/kubernetes/cmd/kubectl)
  stamp kube-apiserver "$K8S-stamped"; stamp kubectl "$K8S-stamped"
  log "built kube in $((SECONDS - t0)) s"
}

# Grafana dashboards decoded strictly by the Grafana Foundation SDK (dashcheck/).
install_dashcheck() {
  local want
  want=$(cat "$HERE/dashcheck/go.mod" "$HERE/dashcheck/go.sum" "$HERE/dashcheck/main.go" | sha256sum | cut -c1-12)
  if has_stamp dashcheck "$want"; then return 0; fi
  log "building dashcheck"
  (cd "$HERE/dashcheck" && go build -mod=readonly -o "$BIN/dashcheck" .)
  stamp dashcheck "$want"
}

# JSON schemas for kubeconform: the Kubernetes OpenAPI v3 documents and the CRDs of
# Argo CD, Argo Rollouts and the Prometheus Operator, converted by gen-schemas.py.
install_schemas() {
  local want
  want="$K8S $ARGOCD $ROLLOUTS $PROMOP $(cat "$HERE/gen-schemas.py" "$HERE/../../k8s/crds/"*.yaml | sha256sum | cut -c1-12)"
  if [ "$(cat "$SCHEMAS/.version" 2>/dev/null)" = "$want" ]; then return 0; fi
  log "generating schemas"
  local k8s crds="$SCHEMAS/crds"
  k8s=$(mod_dir k8s.io/kubernetes "$K8S")
  rm -rf "$SCHEMAS" && mkdir -p "$crds"
  # The CRD YAML is read straight from the module zips (some modules need a newer Go to
  # extract, but their files are only data here).
  crds_from github.com/argoproj/argo-cd/v3 "$ARGOCD" "$crds" \
    manifests/crds/application-crd.yaml manifests/crds/applicationset-crd.yaml manifests/crds/appproject-crd.yaml
  crds_from github.com/argoproj/argo-rollouts "$ROLLOUTS" "$crds" \
    manifests/crds/rollout-crd.yaml manifests/crds/analysis-template-crd.yaml manifests/crds/analysis-run-crd.yaml \
    manifests/crds/cluster-analysis-template-crd.yaml manifests/crds/experiment-crd.yaml
  crds_from github.com/prometheus-operator/prometheus-operator "$PROMOP" "$crds" \
    example/prometheus-operator-crd-full/monitoring.coreos.com_servicemonitors.yaml \
    example/prometheus-operator-crd-full/monitoring.coreos.com_prometheusrules.yaml \
    example/prometheus-operator-crd-full/monitoring.coreos.com_podmonitors.yaml
  cp "$HERE/../../k8s/crds/"*.yaml "$crds/"
  chmod -R u+w "$SCHEMAS"
  python3 "$HERE/gen-schemas.py" "$k8s/api/openapi-spec/v3" "$crds" "$SCHEMAS/json"
  echo "$want" >"$SCHEMAS/.version"
}

# Debian packages: etcd for the API server check, shellcheck, and podman & co. for the image.
# Installed when missing and this is root with apt; otherwise the checks name what is missing.
install_apt() {
  local missing=() cmd pkg
  for pair in etcd:etcd-server shellcheck:shellcheck podman:podman buildah:buildah runc:runc debootstrap:debootstrap; do
    cmd=${pair%%:*} pkg=${pair#*:}
    command -v "$cmd" >/dev/null || missing+=("$pkg")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    log "missing Debian packages (not root or no apt): ${missing[*]}"
    return 0
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; }
}

# The Dockerfile linter is an npm package, installed into the cache (not the project's deps).
install_dockerfile_utils() {
  local dir="$BIN/../npm"
  if [ "$(cat "$dir/.version" 2>/dev/null)" = "$DOCKERFILE_UTILS" ] && [ -x "$dir/node_modules/.bin/dockerfile-utils" ]; then return 0; fi
  log "installing dockerfile-utils $DOCKERFILE_UTILS"
  rm -rf "$dir" && mkdir -p "$dir" && echo '{"private": true}' >"$dir/package.json"
  (cd "$dir" && npm install --no-audit --no-fund --no-save "dockerfile-utils@$DOCKERFILE_UTILS" >/dev/null)
  ln -sf ../npm/node_modules/.bin/dockerfile-utils "$BIN/dockerfile-utils"
  echo "$DOCKERFILE_UTILS" >"$dir/.version"
}

if [ $# -gt 0 ]; then
  for t in "$@"; do "install_$t"; done
  exit 0
fi
# Everything, in two lanes (the two big Go builds apart; about 3.5 and 2 GB of RAM each).
(for t in promtool tofu; do "install_$t"; done) &
lane=$!
for t in apt dockerfile_utils kustomize kubeconform actionlint schemas dashcheck tflint conftest kube; do "install_$t"; done
wait "$lane"
rm -rf "$WORK/gocache"
