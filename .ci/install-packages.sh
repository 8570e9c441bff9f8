#!/usr/bin/env bash
# Installs the Debian packages that the build and the tests need and that this machine lacks.
# Packages already installed are left alone, and when nothing is missing apt is not touched at all.
#
# Usage: .ci/install-packages.sh [PACKAGE...]    (as root; without arguments: the list below)
set -euo pipefail

packages=("$@")
if ((${#packages[@]} == 0)); then
  packages=(
    iproute2 iputils-ping tcpdump tshark hping3   # the integration tests' network tools
    traceroute nmap netcat-openbsd                # real clients of UDP and TCP answers; traceroute: profiles' hops
    iputils-arping ndisc6                         # TAP mode: ARP and neighbour discovery from a bridge neighbour
    libcap2-bin util-linux python3 procps curl    # setpriv/capsh, the injector (python3), sysctl, scraping --metrics
    man-db                                        # ManPageIT renders the generated manual pages
    docker.io debootstrap                         # the container tests and their locally built base image
    systemd                                       # systemd-analyze verify, for packaging/tunstack.service
  )
fi

missing=()
for package in "${packages[@]}"; do
  if [[ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null)" != installed ]]; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "packages: all ${#packages[@]} present"
  exit 0
fi

echo "packages: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer for it so that nothing waits for a terminal.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "packages: installed ${missing[*]}"
