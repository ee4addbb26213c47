#!/usr/bin/env bash
# Prepares this checkout to run: Debian packages, npm packages, the mediasoup worker, the web app.
# Idempotent: a second run with nothing changed does nothing and prints nothing with --quiet.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true

say() { $quiet || printf '%s\n' "$*"; }
step() { printf 'setup: %s\n' "$*"; }
fail() { printf 'setup failed: %s\n' "$*" >&2; exit 1; }

# --- Debian packages --------------------------------------------------------------------------------
# ffmpeg records and transcodes; chromium runs the browser tests; fonts-noto-core renders Armenian;
# the rest builds the mediasoup worker against system libraries (scripts/build-worker.sh).
# iproute2, nftables and coturn serve the network tests (a namespace whose firewall drops UDP, a real TURN server);
# redis-server, nginx and openssl serve the scale-out tests (the shared bus, the caching proxy with a test certificate).
debs=(ffmpeg chromium fonts-noto-core patch meson ninja-build pkg-config libssl-dev nlohmann-json3-dev
      libuv1-dev libsrtp2-dev libusrsctp-dev libabsl-dev iproute2 nftables coturn
      redis-server nginx openssl)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
for c in g++ make python3; do command -v "$c" >/dev/null || missing+=("$c"); done
if [ ${#missing[@]} -gt 0 ]; then
  cmd="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    fail "missing Debian packages; run as root: $cmd"
  fi
  step "installing Debian packages: ${missing[*]}"
  (export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}") \
    >/tmp/nist-apt.log 2>&1 || fail "apt-get install failed (see /tmp/nist-apt.log); check the network and run: $cmd"
fi

# --- npm packages -----------------------------------------------------------------------------------
worker_bin=$(bash scripts/build-worker.sh --print-path 2>/dev/null || true)
stamp_file=node_modules/.nist-npm-stamp
npm_stamp="$(node --version) $(sha256sum package-lock.json | cut -c1-16)"
if [ ! -f "$stamp_file" ] || [ "$(cat "$stamp_file")" != "$npm_stamp" ]; then
  step "installing npm packages (npm ci)"
  # With MEDIASOUP_WORKER_BIN set, mediasoup's postinstall never downloads; setup builds the worker below.
  MEDIASOUP_WORKER_BIN="${worker_bin:-/nonexistent}" npm ci --no-audit --no-fund --loglevel=error >/tmp/nist-npm.log 2>&1 \
    || { tail -n 20 /tmp/nist-npm.log >&2; fail "npm ci failed (log above, full log in /tmp/nist-npm.log)"; }
  echo "$npm_stamp" >"$stamp_file"
fi

# --- mediasoup worker -------------------------------------------------------------------------------
bash scripts/build-worker.sh || fail "building the mediasoup worker failed; see the lines above"

# --- web app ----------------------------------------------------------------------------------------
web_stamp_file=web/dist/.nist-web-stamp
web_stamp=$( { find web -path web/dist -prune -o -type f -print; find server -name '*.contract.ts' -o -name roles.ts -o -name '*.constants.ts' -o -name webvtt.ts; echo package-lock.json; } \
  | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
if [ ! -f "$web_stamp_file" ] || [ "$(cat "$web_stamp_file")" != "$web_stamp" ]; then
  step "building the web app"
  npx vite build --config web/vite.config.ts --logLevel error >/tmp/nist-web.log 2>&1 \
    || { tail -n 20 /tmp/nist-web.log >&2; fail "the web app build failed (log above); run npm run build:web to see why"; }
  echo "$web_stamp" >"$web_stamp_file"
fi

mkdir -p data recordings
say "setup: ready"
