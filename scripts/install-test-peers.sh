#!/usr/bin/env bash
# Installs the real peers used by the integration-test harness (test/helpers/sshd-peer.ts,
# test/helpers/netns.ts) and the eAPI simulator's test CA: openssh-server, openssh-client, ethtool,
# iproute2, openssl.
# Idempotent and safe to re-run. Must run as root. Never starts any daemon:
# /usr/sbin/policy-rc.d (exit 101) is created first if it is missing.
set -euo pipefail

PACKAGES=(openssh-server openssh-client ethtool iproute2 openssl)
POLICY=/usr/sbin/policy-rc.d

if [[ "$(id -u)" -ne 0 ]]; then
  echo "install-test-peers: must run as root" >&2
  exit 1
fi

if [[ ! -e "$POLICY" ]]; then
  printf '#!/bin/sh\nexit 101\n' > "$POLICY"
  chmod 0755 "$POLICY"
  echo "policy-rc.d: created $POLICY (exit 101, no daemon auto-start)"
else
  echo "policy-rc.d: present ($POLICY)"
fi

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || true)" == "installed" ]]
}

missing=()
declare -A before=()
for pkg in "${PACKAGES[@]}"; do
  if is_installed "$pkg"; then
    before[$pkg]="$(dpkg-query -W -f='${Version}' "$pkg")"
  else
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "missing: ${missing[*]} -> apt-get update + install"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${PACKAGES[@]}"
fi

rc=0
for pkg in "${PACKAGES[@]}"; do
  if is_installed "$pkg"; then
    version="$(dpkg-query -W -f='${Version}' "$pkg")"
    if [[ -z "${before[$pkg]-}" ]]; then
      echo "$pkg: installed now ($version)"
    elif [[ "${before[$pkg]}" != "$version" ]]; then
      echo "$pkg: upgraded as a dependency (${before[$pkg]} -> $version)"
    else
      echo "$pkg: already installed ($version)"
    fi
  else
    echo "$pkg: NOT installed" >&2
    rc=1
  fi
done
exit "$rc"
