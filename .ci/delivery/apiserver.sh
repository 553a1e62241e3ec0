#!/usr/bin/env bash
# apiserver.sh RENDER_DIR CRD_DIR: starts etcd and kube-apiserver on loopback, installs the
# CRDs, creates the namespaces, then asks the API server itself to admit every rendered
# environment (kubectl apply --dry-run=server --validate=strict). Pod Security warnings
# (the namespaces enforce "restricted") count as failures. Finally a broken copy must be refused.
set -euo pipefail
RENDER=$1 CRDS=$2
BIN="${DELIVERY_BIN:-$HOME/.cache/studysync-delivery/bin}"
ETCD="$(command -v etcd || true)"
[ -n "$ETCD" ] || { echo "etcd is missing (Debian package etcd-server)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/studysync-apiserver.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
etcd_port=$(free_port) peer_port=$(free_port) api_port=$(free_port)

"$ETCD" --data-dir "$work/etcd" --name ci \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "ci=http://127.0.0.1:$peer_port" --log-level error >"$work/etcd.log" 2>&1 &
pids+=($!)

openssl genrsa -out "$work/sa.key" 2048 2>/dev/null
openssl rsa -in "$work/sa.key" -pubout -out "$work/sa.pub" 2>/dev/null
token=$(openssl rand -hex 16)
echo "$token,ci-admin,ci-admin,system:masters" >"$work/tokens.csv"

"$BIN/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
  --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" --cert-dir "$work/certs" \
  --token-auth-file "$work/tokens.csv" --authorization-mode RBAC \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$work/sa.pub" --service-account-signing-key-file "$work/sa.key" \
  --service-cluster-ip-range 10.96.0.0/16 --disable-admission-plugins ServiceAccount \
  --enable-priority-and-fairness=false >"$work/apiserver.log" 2>&1 &
pids+=($!)

cat >"$work/kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: ci
    cluster: { server: "https://127.0.0.1:$api_port", insecure-skip-tls-verify: true }
users:
  - name: ci
    user: { token: "$token" }
contexts:
  - name: ci
    context: { cluster: ci, user: ci }
current-context: ci
KUBECONFIG
export KUBECONFIG="$work/kubeconfig"
kubectl() { "$BIN/kubectl" "$@"; }

t0=$SECONDS
until kubectl get --raw /readyz >/dev/null 2>&1; do
  if [ $((SECONDS - t0)) -gt 90 ] || ! kill -0 "${pids[1]}" 2>/dev/null; then
    echo "kube-apiserver did not become ready:" >&2
    tail -20 "$work/apiserver.log" "$work/etcd.log" >&2
    exit 1
  fi
  sleep 1
done
echo "kube-apiserver $(kubectl get --raw /version | python3 -c 'import json,sys; print(json.load(sys.stdin)["gitVersion"])') ready in $((SECONDS - t0)) s"

# CRDs for real (server-side: the Rollout CRD is too large for the last-applied annotation).
kubectl apply --server-side -f "$CRDS" >/dev/null
kubectl wait --for condition=established --timeout=60s crd --all >/dev/null
echo "CRDs established: $(kubectl get crd -o name | wc -l)"

# Namespaces for real (their Pod Security labels then judge the workloads).
kubectl create namespace argocd >/dev/null
for file in "$RENDER"/*.yaml; do
  python3 - "$file" >"$work/ns.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d.get("kind") == "Namespace"]
yaml.safe_dump_all(docs, sys.stdout)
PY
  [ -s "$work/ns.yaml" ] && kubectl apply -f "$work/ns.yaml" >/dev/null
done

admit() { # file: admitted with no warnings, else fail
  local out
  if ! out=$(kubectl apply --dry-run=server --validate=strict -f "$1" 2>&1); then
    echo "$out" >&2
    return 1
  fi
  if grep -qi "warning" <<<"$out"; then
    echo "$out" | grep -i warning >&2
    return 1
  fi
  echo "  $(basename "$1"): $(grep -c . <<<"$out") objects admitted (server dry-run, strict, no warnings)"
}

status=0
for file in "$RENDER"/*.yaml; do admit "$file" || status=1; done

# The API server must refuse what is wrong: an unknown field, and a pod the namespace's
# restricted Pod Security level forbids.
sed 's/readOnlyRootFilesystem: true/readOnlyRootFilesytem: true/' "$RENDER/prod.yaml" >"$work/broken-field.yaml"
sed 's/allowPrivilegeEscalation: false/allowPrivilegeEscalation: true/' "$RENDER/staging.yaml" >"$work/broken-psa.yaml"
for broken in "$work/broken-field.yaml" "$work/broken-psa.yaml"; do
  if admit "$broken" >/dev/null 2>&1; then
    echo "FAIL: the API server admitted the deliberately broken $(basename "$broken")" >&2
    status=1
  else
    echo "  $(basename "$broken"): refused, as it must be"
  fi
done
exit $status
