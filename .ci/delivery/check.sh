#!/usr/bin/env bash
# The delivery check (.ci/run): installs the pinned validators (cached outside the clone),
# then proves k8s/, the alerts and dashboards, the Dockerfile, the workflows and terraform/
# offline, builds and runs the image when podman can, and shows that each check refuses a
# deliberately broken copy. Every step runs; the summary names the ones that failed.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
HERE=$ROOT/.ci/delivery
export DELIVERY_BIN="${DELIVERY_BIN:-$HOME/.cache/studysync-delivery/bin}"
BIN=$DELIVERY_BIN
SCHEMAS="${DELIVERY_SCHEMAS:-$HOME/.cache/studysync-delivery/schemas}"
OUT=$(mktemp -d "${TMPDIR:-/tmp}/studysync-delivery.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
ENVS="dev staging prod"
SCHEMA_LOCATION="$SCHEMAS/json/{{ .Group }}/{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"

failed=() timings=()
only=" $* " # check.sh [function ...] runs only those steps (and the install); none: all
step() { # name function
  local name=$1 t0=$SECONDS
  if [ "$only" != "  " ] && [ "$2" != tools ] && [[ "$only" != *" $2 "* ]]; then return 0; fi
  printf '\n=== %s\n' "$name"
  if "$2"; then timings+=("$(printf '%-34s ok    %4d s' "$name" $((SECONDS - t0)))")
  else
    failed+=("$name")
    timings+=("$(printf '%-34s FAIL  %4d s' "$name" $((SECONDS - t0)))")
  fi
}
# must_fail what command...: the check has to reject the broken input.
must_fail() {
  local what=$1
  shift
  if "$@" >"$OUT/must-fail.log" 2>&1; then
    echo "FAIL: accepted the deliberately broken $what"
    return 1
  fi
  echo "  broken $what: rejected, as it must be"
}

tools() { bash "$HERE/install-tools.sh" ${DELIVERY_TOOLS:-}; }

render() {
  mkdir -p "$OUT/render"
  for env in $ENVS; do
    "$BIN/kustomize" build "k8s/overlays/$env" >"$OUT/render/$env.yaml" || return 1
    echo "  $env: $(grep -c '^kind:' "$OUT/render/$env.yaml") objects"
  done
  "$BIN/kustomize" build k8s/argocd >"$OUT/render/argocd.yaml" || return 1
  echo "  argocd: $(grep -c '^kind:' "$OUT/render/argocd.yaml") objects"
}

kubeconform_check() {
  local status=0
  for file in "$OUT"/render/*.yaml; do
    "$BIN/kubeconform" -strict -summary -schema-location "$SCHEMA_LOCATION" "$file" || status=1
  done
  sed 's/readOnlyRootFilesystem: true/readOnlyRootFilesys: true/' "$OUT/render/prod.yaml" >"$OUT/broken-manifest.yaml"
  must_fail "manifest (unknown field)" "$BIN/kubeconform" -strict -schema-location "$SCHEMA_LOCATION" "$OUT/broken-manifest.yaml" || status=1
  sed 's/setWeight: 10$/setWeight: ten/' "$OUT/render/prod.yaml" >"$OUT/broken-rollout.yaml"
  must_fail "Rollout (wrong type)" "$BIN/kubeconform" -strict -schema-location "$SCHEMA_LOCATION" "$OUT/broken-rollout.yaml" || status=1
  return $status
}

apiserver_check() {
  mkdir -p "$OUT/crds"
  cp "$SCHEMAS"/crds/*.yaml "$OUT/crds/"
  bash "$HERE/apiserver.sh" "$OUT/render" "$OUT/crds"
}

prometheus_check() {
  local dir=$OUT/rules status=0
  mkdir -p "$dir"
  python3 "$HERE/monitoring.py" rules k8s/monitoring/prometheusrule.yaml "$dir/studysync.rules.yaml" || return 1
  cp k8s/monitoring/tests/studysync.test.yaml "$dir/"
  "$BIN/promtool" check rules "$dir/studysync.rules.yaml" || status=1
  "$BIN/promtool" test rules "$dir/studysync.test.yaml" || status=1
  python3 "$HERE/monitoring.py" coverage "$dir/studysync.rules.yaml" "$dir/studysync.test.yaml" "$ROOT" || status=1
  # Broken copies: bad PromQL must not parse; a threshold changed from 5 % to 50 % must fail its test.
  mkdir -p "$dir/broken"
  sed 's/> 0.05$/> 0.05)/' "$dir/studysync.rules.yaml" >"$dir/broken/syntax.rules.yaml"
  must_fail "rule (PromQL syntax)" "$BIN/promtool" check rules "$dir/broken/syntax.rules.yaml" || status=1
  sed 's/> 0.05$/> 0.5/' "$dir/studysync.rules.yaml" >"$dir/broken/studysync.rules.yaml"
  cp "$dir/studysync.test.yaml" "$dir/broken/"
  must_fail "rule (threshold 50 %)" "$BIN/promtool" test rules "$dir/broken/studysync.test.yaml" || status=1
  return $status
}

dashboards_check() {
  local status=0
  "$BIN/dashcheck" k8s/monitoring/dashboards/*.json || status=1
  python3 "$HERE/monitoring.py" dashboards "$OUT/dashboards.rules.yaml" k8s/monitoring/dashboards/*.json || return 1
  "$BIN/promtool" check rules "$OUT/dashboards.rules.yaml" || status=1
  mkdir -p "$OUT/broken-dash"
  sed 's/sum by (procedure) (rate(/sum by (procedure) (rat(/' k8s/monitoring/dashboards/studysync-red.json >"$OUT/broken-dash/red.json"
  python3 "$HERE/monitoring.py" dashboards "$OUT/broken-dash.rules.yaml" "$OUT/broken-dash/red.json" >/dev/null
  must_fail "dashboard (PromQL)" "$BIN/promtool" check rules "$OUT/broken-dash.rules.yaml" || status=1
  sed 's/"gridPos"/"gridPoz"/' k8s/monitoring/dashboards/studysync-red.json >"$OUT/broken-dash/field.json"
  must_fail "dashboard (unknown field)" "$BIN/dashcheck" "$OUT/broken-dash/field.json" || status=1
  return $status
}

dockerfile_check() {
  local status=0 out
  out=$("$BIN/dockerfile-utils" lint Dockerfile 2>&1) || status=1
  [ -z "$out" ] || { echo "$out"; status=1; }
  "$BIN/conftest" verify --policy "$HERE/policy" || status=1
  "$BIN/conftest" test --parser dockerfile --policy "$HERE/policy" --namespace dockerfile Dockerfile || status=1
  sed 's/^USER 10001:10001$/USER root/' Dockerfile >"$OUT/broken.Dockerfile"
  must_fail "Dockerfile (runs as root)" "$BIN/conftest" test --parser dockerfile --policy "$HERE/policy" --namespace dockerfile "$OUT/broken.Dockerfile" || status=1
  printf 'FROM node:20\nEXPOSE http\nCMD ["node"]\n' >"$OUT/broken-lint.Dockerfile"
  must_fail "Dockerfile (lint)" "$BIN/dockerfile-utils" lint "$OUT/broken-lint.Dockerfile" || status=1
  return $status
}

workflows_check() {
  local status=0
  command -v shellcheck >/dev/null || { echo "FAIL: shellcheck is missing (Debian package shellcheck)"; return 1; }
  "$BIN/actionlint" .github/workflows/*.yml || status=1
  shellcheck -S warning .github/scripts/*.sh .ci/delivery/*.sh .ci/run || status=1
  sed 's/runs-on: ubuntu-24.04/runs_on: ubuntu-24.04/' .github/workflows/deploy.yml >"$OUT/broken-workflow.yml"
  must_fail "workflow (unknown key)" "$BIN/actionlint" "$OUT/broken-workflow.yml" || status=1
  sed 's/"\$ENVIRONMENT" "\$SHA" "\$BRANCH"/${{ github.event.pull_request.title }}/' .github/workflows/deploy.yml >"$OUT/injection-workflow.yml"
  must_fail "workflow (untrusted input in run:)" "$BIN/actionlint" "$OUT/injection-workflow.yml" || status=1
  return $status
}

terraform_check() {
  local status=0
  # tofu only reads a CLI configuration; a setting that names a missing one is just noise.
  [ -e "${TF_CLI_CONFIG_FILE:-/}" ] || unset TF_CLI_CONFIG_FILE
  "$BIN/tofu" fmt -check -recursive -diff terraform || status=1
  (cd terraform && "$BIN/tflint" --recursive --config "$ROOT/terraform/.tflint.hcl" --format compact) || status=1
  "$BIN/conftest" verify --policy terraform/policy || status=1
  # Per file: each resource is checked where it is written.
  find terraform -name '*.tf' -print0 | xargs -0 "$BIN/conftest" test --parser hcl2 --policy terraform/policy --no-color || status=1
  mkdir -p "$OUT/broken-tf"
  cat >"$OUT/broken-tf/ssh.tf" <<'TF'
resource "aws_vpc_security_group_ingress_rule" "ssh" {
  security_group_id = "sg-1"
  description       = "SSH from anywhere"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 22
  to_port           = 22
}
TF
  must_fail "terraform (0.0.0.0/0 ingress)" "$BIN/conftest" test --parser hcl2 --policy terraform/policy "$OUT/broken-tf/ssh.tf" || status=1
  sed 's/encrypt      = true/encrypt      = false/' terraform/environments/prod/backend.tf >"$OUT/broken-tf/backend.tf"
  must_fail "terraform (unencrypted state)" "$BIN/conftest" test --parser hcl2 --policy terraform/policy "$OUT/broken-tf/backend.tf" || status=1
  printf 'variable "x" {\ntype=string\n}\n' >"$OUT/broken-tf/fmt.tf"
  must_fail "terraform (formatting)" "$BIN/tofu" fmt -check "$OUT/broken-tf/fmt.tf" || status=1
  echo "  tofu validate: not run, the AWS and Atlas providers cannot be downloaded here"
  return $status
}

image_check() {
  if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null; then
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    echo "!!! SKIPPED: the image build. podman and debootstrap are needed (apt-get install"
    echo "!!! podman buildah runc debootstrap); every other delivery check still ran."
    echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"
    return 0
  fi
  bash "$HERE/image.sh"
}

t_all=$SECONDS
step "install pinned tools" tools
export PATH="$BIN:$PATH"
step "render k8s (kustomize)" render
step "kubeconform -strict" kubeconform_check
step "kube-apiserver dry-run" apiserver_check
step "promtool rules and tests" prometheus_check
step "grafana dashboards" dashboards_check
step "Dockerfile lint and policy" dockerfile_check
step "workflows (actionlint)" workflows_check
step "terraform (fmt, tflint, policy)" terraform_check
step "image build and run (podman)" image_check

printf '\n=== delivery summary (%d s)\n' $((SECONDS - t_all))
printf '%s\n' "${timings[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "delivery: all checks passed"
