#!/usr/bin/env bash
# Makes sure the Docker base image of tunstack's Dockerfile exists: debian:bookworm-slim by default.
#
# 1. Reuses the image when the daemon already has it (a second run costs nothing).
# 2. Otherwise tries a pull, bounded in time: a registry that cannot be reached must not stall the build.
# 3. Otherwise builds it locally from Debian's packages: debootstrap --variant=minbase, then docker import,
#    without apt caches, package lists or documentation. Takes about a minute.
#
# Usage: .ci/base-image.sh [IMAGE]     (as root; needs debootstrap and a running dockerd)
# Environment: DEBIAN_MIRROR (default http://deb.debian.org/debian), PULL_TIMEOUT_SECONDS (default 20)
set -euo pipefail

image="${1:-debian:bookworm-slim}"
suite=bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
pull_timeout="${PULL_TIMEOUT_SECONDS:-20}"

if docker image inspect "$image" >/dev/null 2>&1; then
  echo "base image: $image is present, reusing it"
  exit 0
fi

echo "base image: $image is missing, trying a pull (at most ${pull_timeout}s)"
if timeout "$pull_timeout" docker pull --quiet "$image" >/dev/null 2>&1; then
  echo "base image: pulled $image"
  exit 0
fi

if [[ "$image" != debian:${suite}* ]]; then
  echo "base image: $image could not be pulled, and only debian:${suite}-slim can be built locally" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  echo "base image: $image could not be pulled and debootstrap is missing (apt-get install debootstrap)" >&2
  exit 1
fi

rootfs="$(mktemp -d /var/tmp/tunstack-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT

echo "base image: pull failed, building $image with debootstrap from $mirror"
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.debootstrap.log" 2>&1 || {
  echo "base image: debootstrap failed; the end of its log:" >&2
  tail -n 20 "$rootfs.debootstrap.log" >&2
  rm -f "$rootfs.debootstrap.log"
  exit 1
}
rm -f "$rootfs.debootstrap.log"

# The same package sources as the official image, over http: HTTPS may be intercepted inside a build.
rm -f "$rootfs/etc/apt/sources.list"
cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES

# Keep images built on this one slim, as the official -slim variant does: no docs, man pages or locales,
# and apt removes downloaded packages after installing them.
cat >"$rootfs/etc/dpkg/dpkg.cfg.d/slim" <<'DPKG'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
DPKG
cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT

# Leave out what an image must not carry: apt caches and lists, logs, documentation.
rm -rf "$rootfs"/var/cache/apt/* "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* "$rootfs"/tmp/*
find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright -delete 2>/dev/null || true
rm -rf "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/*

# A failed tar still lets docker import tag an empty image: remove it then, so that no later run reuses it.
if ! tar --numeric-owner -C "$rootfs" -c . | docker import --change 'CMD ["bash"]' - "$image" >/dev/null; then
  docker image rm "$image" >/dev/null 2>&1 || true
  echo "base image: docker import failed" >&2
  exit 1
fi
echo "base image: built $image ($(docker image inspect --format '{{.Size}}' "$image" | numfmt --to=iec))"
