#!/usr/bin/env bash
# A local stand-in for node:20-bookworm-slim, since CI pulls no images: Debian bookworm by
# debootstrap (from Debian's own mirror) plus this machine's Node 20 and npm, imported into
# podman; then this machine's CA bundle on top (the npm registry may sit behind a proxy with
# its own CA), as $CI_BASE. The production Dockerfile keeps its FROM node:20-...; CI passes
# --build-arg NODE_IMAGE=$CI_BASE.
set -euo pipefail
CI_BASE="${CI_BASE:-localhost/studysync-ci-base:node20}"
RAW=localhost/studysync-ci-raw:node20
CACHE="${DELIVERY_CACHE:-$HOME/.cache/studysync-delivery}/base"
NODE_BIN="$(command -v node)"
NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
want_raw="bookworm $("$NODE_BIN" --version) $(node "$NPM_DIR/bin/npm-cli.js" --version)"
want="$want_raw $(sha256sum "$CA_BUNDLE" | cut -c1-12)"
mkdir -p "$CACHE"

if [ "$(cat "$CACHE/.version" 2>/dev/null)" = "$want" ] && podman image exists "$CI_BASE"; then
  exit 0
fi

if [ "$(cat "$CACHE/.raw-version" 2>/dev/null)" != "$want_raw" ] || ! podman image exists "$RAW"; then
  echo "[ci-base] debootstrap bookworm + node ($want_raw)" >&2
  t0=$SECONDS
  rm -rf "$CACHE/rootfs"
  debootstrap --variant=minbase --include=ca-certificates bookworm "$CACHE/rootfs" http://deb.debian.org/debian \
    >"$CACHE/debootstrap.log" 2>&1 || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
  install -D -m 0755 "$NODE_BIN" "$CACHE/rootfs/usr/local/bin/node"
  mkdir -p "$CACHE/rootfs/usr/local/lib/node_modules"
  cp -a "$NPM_DIR" "$CACHE/rootfs/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$CACHE/rootfs/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$CACHE/rootfs/usr/local/bin/npx"
  rm -rf "$CACHE/rootfs/var/cache/apt/archives/"*.deb "$CACHE/rootfs/var/lib/apt/lists/"*
  tar -C "$CACHE/rootfs" -c . |
    podman import --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' - "$RAW" >/dev/null
  rm -rf "$CACHE/rootfs"
  echo "$want_raw" >"$CACHE/.raw-version"
  echo "[ci-base] raw base in $((SECONDS - t0)) s" >&2
fi

ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$CA_BUNDLE" "$ctx/ca-certificates.crt"
printf '%s\n' "FROM $RAW" \
  "COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt" \
  "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt" >"$ctx/Containerfile"
podman build -q --isolation chroot --pull=never -t "$CI_BASE" "$ctx" >/dev/null
echo "$want" >"$CACHE/.version"
