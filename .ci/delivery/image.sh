#!/usr/bin/env bash
# image.sh: builds the production Dockerfile with podman (no daemon; a local base image
# replaces node:20-bookworm-slim), runs it the way Kubernetes will (read-only root, /tmp
# writable, non-root, no capabilities) against a real database (this machine's FerretDB),
# and checks /readyz, /metrics on the metrics port (and not on the public one), the user,
# and that SIGTERM ends it with exit code 0.
set -euo pipefail
# Checks read a whole output into `grep >/dev/null`: `grep -q` stops at the first match, and the
# writer then fails on the closed pipe, which pipefail turns into a failed check.
cd "$(dirname "$0")/../.."
HERE=.ci/delivery
IMAGE=localhost/studysync:ci
CI_BASE=localhost/studysync-ci-base:node20

bash "$HERE/ci-base.sh"
t0=$SECONDS
podman build -q --isolation chroot --pull=never --network host --format docker \
  --build-arg NODE_IMAGE="$CI_BASE" -t "$IMAGE" -f Dockerfile . >/dev/null
echo "image built in $((SECONDS - t0)) s: $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

user=$(podman image inspect "$IMAGE" --format '{{.Config.User}}')
[[ "$user" =~ ^[1-9][0-9]*(:[0-9]+)?$ ]] || { echo "FAIL: the image runs as '$user', not a numeric non-root user" >&2; exit 1; }
podman image inspect "$IMAGE" --format '{{.Config.Healthcheck}}' | grep healthz >/dev/null ||
  { echo "FAIL: the image has no HEALTHCHECK on /healthz" >&2; exit 1; }
run_flags=(--runtime runc --ulimit nofile=1024:1024 --ulimit nproc=1000:1000 --no-healthcheck)
# The runtime has no tsx (nor any dev dependency), and the server's production deps resolve.
deps=$(podman run --rm "${run_flags[@]}" --network none --entrypoint node "$IMAGE" -e '
  const has = (m) => { try { require.resolve(m); return "yes"; } catch { return "no"; } };
  console.log(["tsx", "vitest", "mongodb", "ws", "prom-client"].map((m) => m + "=" + has(m)).join(" "));')
[ "$deps" = "tsx=no vitest=no mongodb=yes ws=yes prom-client=yes" ] ||
  { echo "FAIL: runtime dependencies are wrong: $deps" >&2; exit 1; }
echo "runtime node_modules: $deps"

ferretdb=$(npx --no-install tsx "$HERE/ferretdb-path.ts") || { echo "FAIL: no FerretDB for the image check" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
db_port=$(free_port) port=$(free_port) metrics_port=$(free_port)
work=$(mktemp -d "${TMPDIR:-/tmp}/studysync-image.XXXXXX")
name="studysync-ci-$$"
cleanup() {
  podman rm -f "$name" >/dev/null 2>&1 || true
  [ -n "${db_pid:-}" ] && kill "$db_pid" 2>/dev/null && wait "$db_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$ferretdb" --handler=sqlite --sqlite-url="file:$work/" --state-dir="$work" \
  --listen-addr="127.0.0.1:$db_port" --debug-addr=- --telemetry=disable --log-level=warn >"$work/ferretdb.log" 2>&1 &
db_pid=$!

# --no-healthcheck: podman would need systemd timers for it; its command is run by hand below.
podman run -d --name "$name" "${run_flags[@]}" --network host \
  --read-only --tmpfs /tmp:rw,size=64m --cap-drop ALL --security-opt no-new-privileges \
  -e PORT="$port" -e METRICS_PORT="$metrics_port" -e HOST=127.0.0.1 \
  -e MONGODB_URI="mongodb://127.0.0.1:$db_port/studysync_image_ci" "$IMAGE" >/dev/null

t0=$SECONDS
until curl -fsS "http://127.0.0.1:$port/readyz" 2>/dev/null | grep '"ready"' >/dev/null; do
  if [ $((SECONDS - t0)) -gt 60 ] || [ "$(podman inspect "$name" --format '{{.State.Running}}')" != true ]; then
    echo "FAIL: the container did not become ready:" >&2
    podman logs "$name" 2>&1 | tail -20 >&2
    exit 1
  fi
  sleep 1
done
echo "container ready in $((SECONDS - t0)) s: /readyz is 200 against FerretDB"
curl -fsS "http://127.0.0.1:$metrics_port/metrics" | grep '^studysync_database_up 1' >/dev/null ||
  { echo "FAIL: /metrics on METRICS_PORT does not report the database up" >&2; exit 1; }
# On the public port /metrics is just a client-side route of the web app (index.html).
if curl -s "http://127.0.0.1:$port/metrics" | grep '^# HELP' >/dev/null; then
  echo "FAIL: /metrics is served on the public port" >&2
  exit 1
fi
# The image's HEALTHCHECK command, run in the container the way a runtime would.
mapfile -t health < <(podman image inspect "$IMAGE" --format '{{json .Config.Healthcheck.Test}}' |
  python3 -c 'import json,sys; t=json.load(sys.stdin); assert t[0]=="CMD"; print("\n".join(t[1:]))')
podman exec "$name" "${health[@]}" || { echo "FAIL: the image's HEALTHCHECK fails on a ready container" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$port/" | grep '<div id="app"' >/dev/null ||
  { echo "FAIL: the web app is not served" >&2; exit 1; }
echo "metrics on :$metrics_port only; HEALTHCHECK passes; the web app is served; runs as $user, read-only root"

t0=$SECONDS
podman stop -t 15 "$name" >/dev/null
code=$(podman inspect "$name" --format '{{.State.ExitCode}}')
[ "$code" = 0 ] || { echo "FAIL: exit code $code after SIGTERM" >&2; podman logs "$name" 2>&1 | tail -5 >&2; exit 1; }
podman logs "$name" 2>&1 | grep 'StudySync stopped' >/dev/null || { echo "FAIL: no clean shutdown in the logs" >&2; exit 1; }
echo "SIGTERM: drained and exited 0 in $((SECONDS - t0)) s"
