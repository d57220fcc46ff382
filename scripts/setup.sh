#!/usr/bin/env bash
# Prepares a clone of linkmon on Debian 12 with Node.js 20+: installs ethtool (read by the node
# collection) and, with --test-peers, the real peers the integration tests start (openssh-server,
# iproute2); then installs the npm dependencies and builds. Safe to re-run.
set -euo pipefail
cd "$(dirname "$0")/.."

want_peers=0
for arg in "$@"; do
  case "$arg" in
    --test-peers) want_peers=1 ;;
    *) echo "setup.sh: unknown argument $arg (only --test-peers)" >&2; exit 2 ;;
  esac
done

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if (( node_major < 20 )); then
  echo "setup.sh: linkmon needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

if (( want_peers )); then
  bash scripts/install-test-peers.sh
elif ! command -v ethtool >/dev/null && [ ! -x /usr/sbin/ethtool ] && [ ! -x /sbin/ethtool ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "setup.sh: installing ethtool"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ethtool
  else
    echo "setup.sh: ethtool is not installed; linkmon --local will read sysfs counters only" >&2
  fi
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build --silent
