#!/usr/bin/env bash
# A local stand-in for node:20-bookworm-slim, since CI pulls no images: Debian bookworm by
# debootstrap (from Debian's own mirror) plus this machine's Node 20 and npm, imported into
# podman as $CI_BASE. The production Dockerfile keeps its FROM node:20-...; CI passes
# --build-arg NODE_IMAGE=$CI_BASE.
set -euo pipefail
CI_BASE="${CI_BASE:-localhost/studysync-ci-base:node20}"
CACHE="${DELIVERY_CACHE:-$HOME/.cache/studysync-delivery}/base"
NODE_BIN="$(command -v node)"
NPM_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")"
want="bookworm $("$NODE_BIN" --version) $(node "$NPM_DIR/bin/npm-cli.js" --version)"

if [ "$(cat "$CACHE/.version" 2>/dev/null)" = "$want" ] && podman image exists "$CI_BASE"; then
  exit 0
fi
echo "[ci-base] building $CI_BASE ($want)" >&2
rm -rf "$CACHE" && mkdir -p "$CACHE"
t0=$SECONDS
debootstrap --variant=minbase --include=ca-certificates bookworm "$CACHE/rootfs" http://deb.debian.org/debian >"$CACHE/debootstrap.log" 2>&1 \
  || { tail -20 "$CACHE/debootstrap.log" >&2; exit 1; }
install -D -m 0755 "$NODE_BIN" "$CACHE/rootfs/usr/local/bin/node"
mkdir -p "$CACHE/rootfs/usr/local/lib/node_modules"
cp -a "$NPM_DIR" "$CACHE/rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$CACHE/rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$CACHE/rootfs/usr/local/bin/npx"
rm -rf "$CACHE/rootfs/var/cache/apt/archives/"*.deb "$CACHE/rootfs/var/lib/apt/lists/"*
tar -C "$CACHE/rootfs" -c . | podman import --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' - "$CI_BASE" >/dev/null
rm -rf "$CACHE/rootfs"
echo "$want" >"$CACHE/.version"
echo "[ci-base] done in $((SECONDS - t0)) s" >&2
