# Builds the two base images the tests use, without a registry. Sourced by setup-test-env.sh (needs common.sh and
# apt-mirror.sh).
#   layerwise-test/busybox:1        FROM scratch + busybox-static (2 MB, built in a second)
#   layerwise-test/debian:bookworm  debootstrap --variant=minbase bookworm, imported (about 200 MB, has apt-get)
# Each is skipped when the image exists. Without busybox-static/debootstrap (e.g. Docker Desktop on a laptop,
# where nothing is installed system-wide but a registry is reachable) the official images are pulled and tagged.

BUSYBOX_IMAGE=layerwise-test/busybox:1
DEBIAN_IMAGE=layerwise-test/debian:bookworm

image_exists() { docker_cli image inspect "$1" >/dev/null 2>&1; }

static_busybox() {
  local candidate
  for candidate in /bin/busybox /usr/bin/busybox; do
    # busybox-static's binary; the dynamic one from the `busybox` package would not run FROM scratch.
    # (ldd exits 1 for a static binary: read its words, not its status.)
    if [[ -x $candidate && "$(ldd "$candidate" 2>&1 || true)" == *"not a dynamic executable"* ]]; then echo "$candidate"; return 0; fi
  done
  return 1
}

build_busybox_image() {
  if image_exists "$BUSYBOX_IMAGE"; then log "$BUSYBOX_IMAGE: present"; return 0; fi
  local busybox context
  if ! busybox="$(static_busybox)"; then
    log "$BUSYBOX_IMAGE: no static busybox here, pulling busybox:1.36 instead"
    docker_cli pull busybox:1.36 && docker_cli tag busybox:1.36 "$BUSYBOX_IMAGE"
    return
  fi
  context="$(mktemp -d)"
  cp "$busybox" "$context/busybox"
  printf 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox","--install","-s","/bin"]\n' > "$context/Dockerfile"
  log "$BUSYBOX_IMAGE: building from $busybox"
  docker_cli build -q -t "$BUSYBOX_IMAGE" "$context" >/dev/null
  rm -rf "$context"
}

# The root filesystem is cached as a gzip'd tarball: a fresh engine (or a pruned one) re-imports in seconds.
debian_rootfs_tarball() {
  local cache="$1" tarball="$1/debian-bookworm-minbase.tar.gz" rootfs mirror="${DEBIAN_MIRROR:-}"
  if [[ -s $tarball ]]; then echo "$tarball"; return 0; fi
  # The mirror apt already uses here (DEBIAN_MIRROR overrides): the repository names no mirror host.
  [[ -n $mirror ]] || mirror="$(debian_mirror)" \
    || die "no apt source serving Debian main in ${LAYERWISE_APT_DIR:-/etc/apt}/sources.list{,.d/*.list,.d/*.sources}: set DEBIAN_MIRROR to a Debian mirror's URL"
  mkdir -p "$cache"
  rootfs="$(mktemp -d)"
  log "debootstrap --variant=minbase bookworm (about 30 s) from $mirror" >&2
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$cache/debootstrap.log" 2>&1 \
    || { rm -rf "$rootfs"; die "debootstrap failed, see $cache/debootstrap.log"; }
  tar -C "$rootfs" -c . | gzip -1 > "$tarball.partial"
  mv "$tarball.partial" "$tarball"
  rm -rf "$rootfs"
  echo "$tarball"
}

build_debian_image() {
  local cache="$1" tarball
  if image_exists "$DEBIAN_IMAGE"; then log "$DEBIAN_IMAGE: present"; return 0; fi
  if ! command -v debootstrap >/dev/null || [[ $EUID -ne 0 ]]; then
    log "$DEBIAN_IMAGE: no debootstrap (or not root), pulling debian:bookworm instead"
    docker_cli pull debian:bookworm && docker_cli tag debian:bookworm "$DEBIAN_IMAGE"
    return
  fi
  tarball="$(debian_rootfs_tarball "$cache")"
  log "$DEBIAN_IMAGE: importing $tarball"
  gzip -dc "$tarball" | docker_cli import - "$DEBIAN_IMAGE" >/dev/null
  [[ -n "${SUDO_USER:-}" ]] && chown -R "$SUDO_USER:" "$cache" 2>/dev/null || true
}
