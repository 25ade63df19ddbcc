# The engine matrix's newer engines, next to the host's own and without touching it: Docker 28 with the containerd
# image store and Podman 5, from Debian forky's packages, debootstrapped into $LAYERWISE_CACHE and run from a chroot
# with their own data roots, exec roots, pidfiles, sockets and bridge. Sourced by setup-test-env.sh (needs common.sh,
# apt-mirror.sh and base-images.sh).
#
#   start_newer_engines CACHE   idempotent: a warm machine (rootfs cached, engines up, images loaded) passes in seconds
#   stop_newer_engines CACHE    stops both by their pids, unmounts the chroot, deletes the bridge
#
# Sockets (the engine matrix, test/engine/engineMatrix.ts, reads them from these paths):
#   $NEWER_ENGINES_RUN/docker28.sock   Docker 28, containerd image store (BuildKit + buildx in the rootfs)
#   $NEWER_ENGINES_RUN/podman5.sock    Podman 5 (`podman system service`, Docker-compatible API)
#   $NEWER_ENGINES_RUN/docker-buildx   forky's buildx 0.29 (standalone), for multi-platform/zstd/attestation builds
# LAYERWISE_NEWER_ENGINES=no skips all of this (the matrix tests then fail under CI=true and say why).

NEWER_ENGINES_RELEASE=forky
NEWER_ENGINES_RUN="${LAYERWISE_ENGINES_RUN:-/run/layerwise-engines}"
NEWER_ENGINES_BRIDGE=lw-docker28
NEWER_ENGINES_BRIDGE_CIDR=172.31.250.1/24
NEWER_ENGINES_PACKAGES=(docker.io docker-buildx containerd runc iptables podman buildah netavark aardvark-dns conmon
  ca-certificates)

newer_engines_rootfs_dir() { echo "$1/engines-$NEWER_ENGINES_RELEASE"; }

# Debian forky's docker.io, podman & co. in a cached root filesystem; built once (a few minutes, about 1.1 GB).
build_newer_engines_rootfs() {
  local rootfs="$1" partial="$1.partial" mirror script
  [[ -e $rootfs/.layerwise-complete ]] && return 0
  # DEBIAN_MIRROR, else the machine's own apt sources (apt-mirror.sh); never a host name of ours.
  mirror="${DEBIAN_MIRROR:-}"
  [[ -n $mirror ]] || mirror="$(debian_mirror)" || die "no apt source serving Debian main: set DEBIAN_MIRROR to a Debian mirror's URL"
  command -v debootstrap >/dev/null || die "no debootstrap (Debian package debootstrap) to build the $NEWER_ENGINES_RELEASE engines"
  # bookworm's debootstrap has no script for forky: sid's works for every release after it.
  script=/usr/share/debootstrap/scripts/$NEWER_ENGINES_RELEASE
  [[ -e $script ]] || script=/usr/share/debootstrap/scripts/sid
  newer_engines_unmount "$partial"
  rm -rf "$partial"
  mkdir -p "$partial"
  log "newer engines: debootstrap --variant=minbase $NEWER_ENGINES_RELEASE from $mirror (a few minutes, once)"
  debootstrap --variant=minbase "$NEWER_ENGINES_RELEASE" "$partial" "$mirror" "$script" > "$1.debootstrap.log" 2>&1 \
    || die "debootstrap $NEWER_ENGINES_RELEASE failed, see $1.debootstrap.log"
  # A snapshot mirror's Release may be past Valid-Until; accept it inside this rootfs only. No services start here.
  echo 'Acquire::Check-Valid-Until "false";' > "$partial/etc/apt/apt.conf.d/99layerwise-valid-until"
  printf '#!/bin/sh\nexit 101\n' > "$partial/usr/sbin/policy-rc.d"
  chmod +x "$partial/usr/sbin/policy-rc.d"
  mkdir -p "$partial/etc/docker" "$partial/etc/containers/containers.conf.d"
  echo '{"features":{"containerd-snapshotter":true}}' > "$partial/etc/docker/daemon.json"
  # The host's hard nofile limit is below Podman's default ask (1048576); crun cannot run on a cgroup-v1 host.
  cat > "$partial/etc/containers/containers.conf.d/50-layerwise.conf" <<'EOF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
[network]
firewall_driver = "none"
EOF
  log "newer engines: apt-get install ${NEWER_ENGINES_PACKAGES[*]}"
  mount --bind /proc "$partial/proc"
  { chroot "$partial" apt-get update -qq \
      && DEBIAN_FRONTEND=noninteractive chroot "$partial" apt-get install -y -qq --no-install-recommends "${NEWER_ENGINES_PACKAGES[@]}"
  } >> "$1.debootstrap.log" 2>&1
  local status=$?
  umount "$partial/proc"
  [[ $status -eq 0 ]] || die "apt-get install in the $NEWER_ENGINES_RELEASE rootfs failed, see $1.debootstrap.log"
  chroot "$partial" apt-get clean
  touch "$partial/.layerwise-complete"
  mv "$partial" "$rootfs"
}

# runc needs the chroot to be a mount point of its own (else every RUN fails "mount /, flags: 0x84000").
mount_newer_engines_rootfs() {
  local rootfs="$1" dir
  mountpoint -q "$rootfs" || mount --bind "$rootfs" "$rootfs"
  for dir in proc sys dev; do
    mountpoint -q "$rootfs/$dir" || mount --rbind "/$dir" "$rootfs/$dir"
  done
  # Its own /run (fresh after a reboot, like a real one), with the host folder that holds the sockets inside it.
  mountpoint -q "$rootfs/run" || mount -t tmpfs -o mode=755 layerwise-run "$rootfs/run"
  mkdir -p "$NEWER_ENGINES_RUN" "$rootfs$NEWER_ENGINES_RUN"
  mountpoint -q "$rootfs$NEWER_ENGINES_RUN" || mount --bind "$NEWER_ENGINES_RUN" "$rootfs$NEWER_ENGINES_RUN"
}

newer_engines_unmount() {
  local rootfs="$1" mnt
  [[ -d $rootfs ]] || return 0
  # Deepest first; lazily, as the rbind'ed /sys and /dev hold submounts.
  for mnt in $(awk -v root="$rootfs" '$2 == root || index($2, root "/") == 1 {print $2}' /proc/mounts | sort -r); do
    umount -l "$mnt" 2>/dev/null || true
  done
}

newer_engine_answers() {  # socket
  [[ -S $1 ]] && curl -sf --max-time 5 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1
}

# Waits for SOCKET; on failure prints the log's tail and dies.
wait_newer_engine() {  # name socket log
  local waited=0
  until newer_engine_answers "$2"; do
    sleep 1
    waited=$((waited + 1))
    if [[ $waited -ge 90 ]]; then tail -20 "$3" >&2; die "$1 did not answer within 90 s; see $3"; fi
  done
  log "$1: answering after ${waited} s"
}

newer_engines_bridge() {
  ip link show "$NEWER_ENGINES_BRIDGE" >/dev/null 2>&1 && return 0
  # Its own bridge, made here: dockerd with --bridge=none in the host's namespace would delete the host's docker0.
  ip link add name "$NEWER_ENGINES_BRIDGE" type bridge
  ip addr add "$NEWER_ENGINES_BRIDGE_CIDR" dev "$NEWER_ENGINES_BRIDGE"
  ip link set "$NEWER_ENGINES_BRIDGE" up
}

start_docker28() {
  local rootfs="$1" socket="$NEWER_ENGINES_RUN/docker28.sock" log="$NEWER_ENGINES_RUN/docker28.log"
  if newer_engine_answers "$socket"; then log "docker28: answering on $socket"; return 0; fi
  newer_engines_bridge
  rm -f "$socket"
  log "docker28: starting dockerd (containerd image store) from $rootfs, log $log"
  # Its own session, so it outlives this script; stopped by the pid in $NEWER_ENGINES_RUN/docker28.pid.
  setsid chroot "$rootfs" /usr/sbin/dockerd \
    --data-root /var/lib/layerwise-docker28 --exec-root /run/layerwise-docker28 \
    --pidfile "$NEWER_ENGINES_RUN/docker28.pid" -H "unix://$socket" \
    --containerd-namespace layerwise-docker28 --containerd-plugins-namespace layerwise-docker28-plugins \
    --cgroup-parent layerwise-docker28 \
    --iptables=false --ip6tables=false --ip-masq=false --bridge="$NEWER_ENGINES_BRIDGE" \
    >>"$log" 2>&1 < /dev/null &
  wait_newer_engine docker28 "$socket" "$log"
}

start_podman5() {
  local rootfs="$1" socket="$NEWER_ENGINES_RUN/podman5.sock" log="$NEWER_ENGINES_RUN/podman5.log"
  if newer_engine_answers "$socket"; then log "podman5: answering on $socket"; return 0; fi
  rm -f "$socket"
  log "podman5: starting podman system service from $rootfs, log $log"
  setsid chroot "$rootfs" /usr/bin/podman --log-level=info system service --time=0 "unix://$socket" \
    >>"$log" 2>&1 < /dev/null &
  echo $! > "$NEWER_ENGINES_RUN/podman5.pid"
  wait_newer_engine podman5 "$socket" "$log"
}

# The base images the tests build on, copied from the host's engine (no registry needed).
load_base_images() {  # name socket image...
  local name="$1" socket="$2" image missing=()
  shift 2
  for image in "$@"; do
    DOCKER_HOST="unix://$socket" docker_cli image inspect "$image" >/dev/null 2>&1 || missing+=("$image")
  done
  [[ ${#missing[@]} -eq 0 ]] && { log "$name: base images present"; return 0; }
  log "$name: loading ${missing[*]}"
  docker_cli save "${missing[@]}" | DOCKER_HOST="unix://$socket" docker_cli load -q >/dev/null
}

# These two engines are the tests' own: images earlier runs left untagged (a rebuilt tag leaves its old image) are
# removed, because they pile up run after run and Docker 28's containerd store then lists images with their shared
# sizes slower than the editor's 5-second engine limit (189 images made six lens tests fail). Tagged images and the
# build cache stay.
prune_untagged_images() {  # name socket
  local removed leftovers
  # Images an interrupted earlier run left tagged (the engine tests' own tags: layerwise-test-engine-NAME:PID-…).
  leftovers="$(DOCKER_HOST="unix://$2" docker_cli image ls --format '{{.Repository}}:{{.Tag}}' 2>/dev/null |
    grep -E '(^|/)layerwise-test-engine-[^:]*:[0-9]+-' || true)"
  if [[ -n $leftovers ]]; then
    # shellcheck disable=SC2086 # one tag per word
    DOCKER_HOST="unix://$2" docker_cli rmi -f $leftovers >/dev/null 2>&1 || true
    log "$1: $(wc -l <<< "$leftovers") test images of earlier runs removed"
  fi
  removed="$(DOCKER_HOST="unix://$2" docker_cli image prune -f 2>/dev/null | grep -c '^deleted:\|^Deleted' || true)"
  log "$1: untagged images of earlier runs removed (${removed:-0} entries)"
}

# Never fatal for the rest of the setup: without these engines only their tests fail (under CI=true, saying why).
start_newer_engines() {
  if [[ "${LAYERWISE_NEWER_ENGINES:-yes}" == no ]]; then log "newer engines: skipped (LAYERWISE_NEWER_ENGINES=no)"; return 0; fi
  ( start_newer_engines_now "$1" ) || log "newer engines: not started (see above); the docker28/podman5 tests will fail and say why"
}

start_newer_engines_now() {
  local cache="$1" rootfs
  rootfs="$(newer_engines_rootfs_dir "$cache")"
  if newer_engine_answers "$NEWER_ENGINES_RUN/docker28.sock" && newer_engine_answers "$NEWER_ENGINES_RUN/podman5.sock"; then
    log "newer engines: docker28 and podman5 answering"
  else
    [[ $EUID -eq 0 ]] || die "the newer engines (Docker 28, Podman 5) need root to start: run this script with sudo"
    build_newer_engines_rootfs "$rootfs"
    mount_newer_engines_rootfs "$rootfs"
    newer_engine_answers "$NEWER_ENGINES_RUN/docker28.sock" || start_docker28 "$rootfs"
    newer_engine_answers "$NEWER_ENGINES_RUN/podman5.sock" || start_podman5 "$rootfs"
  fi
  # forky's buildx beside the sockets: the tests build zstd layers and attestation manifests with it.
  ln -sfn "$rootfs/usr/libexec/docker/cli-plugins/docker-buildx" "$NEWER_ENGINES_RUN/docker-buildx"
  load_base_images docker28 "$NEWER_ENGINES_RUN/docker28.sock" "$BUSYBOX_IMAGE" "$DEBIAN_IMAGE"
  load_base_images podman5 "$NEWER_ENGINES_RUN/podman5.sock" "$BUSYBOX_IMAGE" "$DEBIAN_IMAGE"
  prune_untagged_images docker28 "$NEWER_ENGINES_RUN/docker28.sock"
  prune_untagged_images podman5 "$NEWER_ENGINES_RUN/podman5.sock"
}

stop_newer_engines() {
  local cache="$1" rootfs pidfile
  rootfs="$(newer_engines_rootfs_dir "$cache")"
  for pidfile in "$NEWER_ENGINES_RUN/docker28.pid" "$NEWER_ENGINES_RUN/podman5.pid"; do
    [[ -s $pidfile ]] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 3
  newer_engines_unmount "$rootfs"
  ip link del "$NEWER_ENGINES_BRIDGE" 2>/dev/null || true
}
