#!/usr/bin/env bash
# smoke.sh BASE_URL SHA: waits until the environment serves the new release, then checks what a
# student and the platform rely on: health, readiness, the web app, the API answering, and
# /metrics NOT reachable from outside.
set -euo pipefail
base=$1 sha=$2
deadline=$((SECONDS + 900))
until curl -fsS "$base/readyz" >/dev/null 2>&1 && curl -fsS "$base/" | grep -q "<div id=\"app\""; do
  [ $SECONDS -lt $deadline ] || { echo "::error::$base is not ready after 15 minutes (release $sha)"; exit 1; }
  sleep 10
done
curl -fsS "$base/healthz" | grep -q '"ok"'
curl -fsS "$base/readyz" | grep -q '"ready"'
status=$(curl -s -o /dev/null -w '%{http_code}' "$base/trpc/auth.me")
[ "$status" = 200 ] || [ "$status" = 401 ] || { echo "::error::/trpc/auth.me answered $status"; exit 1; }
# /metrics lives on the metrics port only; here it is just a web app route.
if curl -s "$base/metrics" | grep -q '^# HELP'; then
  echo "::error::/metrics is public"
  exit 1
fi
echo "smoke tests passed on $base"
