#!/usr/bin/env bash
# Builds the mediasoup worker against Debian's system libraries, offline, into a cache keyed by the
# mediasoup version and the patch set, and installs it where mediasoup looks for it by default.
# Usage: scripts/build-worker.sh [--print-path]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=$(node -p "require('$root/node_modules/mediasoup/package.json').version" 2>/dev/null) || {
  echo "build-worker: node_modules/mediasoup is missing; run npm ci first" >&2; exit 1; }
patches=("$root"/scripts/mediasoup/"$version"-*.patch)
[ -e "${patches[0]}" ] || { echo "build-worker: no patch set for mediasoup $version in scripts/mediasoup/" >&2; exit 1; }
key="$version-$(cat "${patches[@]}" | sha256sum | cut -c1-12)"
cache_root=${NIST_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/nist}
cache="$cache_root/mediasoup-worker/$key"
bin="$cache/mediasoup-worker"
target="$root/node_modules/mediasoup/worker/out/Release/mediasoup-worker"

if [ "${1:-}" = "--print-path" ]; then echo "$bin"; exit 0; fi

if [ ! -x "$bin" ]; then
  echo "Building the mediasoup $version worker against system libraries (about 3 minutes)..."
  work=$(mktemp -d "${TMPDIR:-/tmp}/nist-worker.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  cp -r "$root/node_modules/mediasoup/worker" "$work/src"
  for p in "${patches[@]}"; do
    patch -s -p1 -d "$work/src" <"$p" || { echo "build-worker: patch $(basename "$p") does not apply" >&2; exit 1; }
  done
  log="$work/build.log"
  if ! (meson setup "$work/build" "$work/src" --buildtype=release --wrap-mode=nofallback \
        && ninja -C "$work/build" mediasoup-worker) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "build-worker: the worker build failed (log above); check the Debian build packages in scripts/setup.sh" >&2
    exit 1
  fi
  mkdir -p "$cache"
  install -m 0755 "$work/build/mediasoup-worker" "$bin.tmp"
  mv "$bin.tmp" "$bin"
fi

if ! cmp -s "$bin" "$target" 2>/dev/null; then
  mkdir -p "$(dirname "$target")"
  install -m 0755 "$bin" "$target"
fi
