#!/usr/bin/env bash
# Prepares a machine for the whole test suite, offline (npm registry + Debian mirror only). Idempotent: every step
# checks first and does only what is missing, so a warm machine passes through in a few seconds.
#
#   sudo bash scripts/setup-test-env.sh
#
# 1. Debian packages that are missing (apt-get, root only; nothing system-wide when Docker Desktop is the engine
#    or LAYERWISE_SYSTEM_PACKAGES=no).
# 2. A Docker engine: one that already answers (DOCKER_HOST, the current context, the default socket) is used as
#    is; otherwise Debian's dockerd is started with its own data root, log in $LAYERWISE_DOCKERD_LOG.
# 3. Base images layerwise-test/busybox:1 and layerwise-test/debian:bookworm (scripts/lib/base-images.sh).
#    Then the engine matrix's Docker 28 (containerd store) and Podman 5 beside it (scripts/lib/newer-engines.sh).
# 4. `npm ci` when node_modules does not match package-lock.json (as the invoking user).
# 5. code-server + playwright-core in .test-tools/ (scripts/install-code-server.sh, as the invoking user).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=setup
source "$ROOT/scripts/lib/common.sh"
source "$ROOT/scripts/lib/base-images.sh"
source "$ROOT/scripts/lib/newer-engines.sh"

DOCKERD_DATA_ROOT="${LAYERWISE_DOCKERD_DATA_ROOT:-/var/lib/layerwise-docker}"
DOCKERD_LOG="${LAYERWISE_DOCKERD_LOG:-/var/log/layerwise-dockerd.log}"
DOCKERD_PIDFILE="${LAYERWISE_DOCKERD_PIDFILE:-/run/layerwise-dockerd.pid}"
CACHE="${LAYERWISE_CACHE:-$(user_home)/.cache/layerwise}"
SYSTEM_PACKAGES="${LAYERWISE_SYSTEM_PACKAGES:-auto}"   # auto | yes | no

# What the tests need from the system, by the command or file that proves each package is there.
declare -A PACKAGE_PROBE=(
  [docker.io]=/usr/sbin/dockerd
  [busybox-static]=/bin/busybox
  [debootstrap]=/usr/sbin/debootstrap
  [skopeo]=/usr/bin/skopeo
  [ripgrep]=/usr/bin/rg
  [chromium]=/usr/bin/chromium
  # code-server's native modules (kerberos, native-keymap, @vscode/spdlog, node-pty, argon2) build from source.
  [libkrb5-dev]=/usr/include/krb5.h
  [libx11-dev]=/usr/include/X11/Xlib.h
  [libxkbfile-dev]=/usr/include/X11/extensions/XKBfile.h
  [libsecret-1-dev]=/usr/include/libsecret-1/libsecret/secret.h
  [pkg-config]=/usr/bin/pkg-config
  [build-essential]=/usr/bin/g++
  [python3]=/usr/bin/python3
  # The engine tests reach a second engine over ssh:// through a throwaway sshd of their own.
  [openssh-server]=/usr/sbin/sshd
  [openssh-client]=/usr/bin/ssh-agent
  # openssl makes the TLS certificates of the TCP+TLS engine tests; curl reads history independently of dockerode.
  [openssl]=/usr/bin/openssl
  [curl]=/usr/bin/curl
  [iproute2]=/usr/sbin/ip
)

package_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing_packages() {
  local pkg
  for pkg in "${!PACKAGE_PROBE[@]}"; do
    # busybox-static: the probe file exists with the dynamic busybox too, so ask dpkg as well.
    if [[ ! -e ${PACKAGE_PROBE[$pkg]} ]] || ! package_installed "$pkg"; then echo "$pkg"; fi
  done | sort
}

engine_is_docker_desktop() { [[ "$(docker_cli info --format '{{.OperatingSystem}}' 2>/dev/null)" == *"Docker Desktop"* ]]; }

install_system_packages() {
  local pkg missing=()
  for pkg in $(missing_packages); do
    # An engine that already answers, or another dockerd (Docker CE), needs no docker.io of ours.
    [[ $pkg == docker.io ]] && { engine_answers || command -v dockerd >/dev/null; } && continue
    # A Chromium given by path (LAYERWISE_CHROMIUM, e.g. on Ubuntu where the package is a snap) is used instead.
    [[ $pkg == chromium && -x "${LAYERWISE_CHROMIUM:-}" ]] && continue
    missing+=("$pkg")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then log "system packages: all present"; return 0; fi
  if [[ $SYSTEM_PACKAGES == no ]] || { [[ $SYSTEM_PACKAGES == auto ]] && engine_answers && engine_is_docker_desktop; }; then
    log "system packages: not installing (${missing[*]}) — Docker Desktop or LAYERWISE_SYSTEM_PACKAGES=no; the tests that need them will fail and say why"
    return 0
  fi
  [[ $EUID -eq 0 ]] || die "missing Debian packages (${missing[*]}): run this script with sudo"
  command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

start_engine() {
  if engine_answers; then
    log "docker engine: answering ($(docker_cli info --format '{{.Name}}, {{.ServerVersion}}, {{.OperatingSystem}}'))"
    return 0
  fi
  if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix:///var/run/docker.sock ]]; then
    die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine, or unset DOCKER_HOST to use a local dockerd"
  fi
  [[ $EUID -eq 0 ]] || die "no Docker engine answers and starting dockerd needs root: run this script with sudo"
  command -v dockerd >/dev/null || die "no dockerd (Debian package docker.io) to start"
  mkdir -p "$DOCKERD_DATA_ROOT" "$(dirname "$DOCKERD_LOG")"
  log "docker engine: starting dockerd --data-root $DOCKERD_DATA_ROOT (log: $DOCKERD_LOG)"
  # Its own session, so it outlives this script and the terminal; stopped by the pid in $DOCKERD_PIDFILE.
  setsid dockerd --data-root "$DOCKERD_DATA_ROOT" --pidfile "$DOCKERD_PIDFILE" >>"$DOCKERD_LOG" 2>&1 < /dev/null &
  local waited=0
  until engine_answers; do
    sleep 1
    waited=$((waited + 1))
    [[ $waited -lt 60 ]] || die "dockerd did not answer within 60 s; see $DOCKERD_LOG"
  done
  log "docker engine: answering after ${waited} s (stop it with: kill \$(cat $DOCKERD_PIDFILE))"
}

install_node_modules() {
  if node "$ROOT/scripts/lib/node-modules-current.cjs" "$ROOT" 2>/dev/null; then
    log "node_modules: matches package-lock.json"
    return 0
  fi
  log "node_modules: out of date ($(node "$ROOT/scripts/lib/node-modules-current.cjs" "$ROOT" 2>&1 || true)), running npm ci"
  (cd "$ROOT" && as_user npm ci --no-audit --no-fund)
}

require_node() {
  # Not installed here: Debian 12's nodejs is 18, too old; the extension, its tools and code-server 4.100 need 20.
  command -v node >/dev/null && command -v npm >/dev/null || die "Node.js 20+ with npm is needed (e.g. from nodejs.org or NodeSource)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [[ $major -ge 20 ]] || die "Node.js $(node --version) is too old: 20 or newer is needed"
  [[ $major -eq 20 ]] || log "warning: Node.js $(node --version); code-server 4.100.3 is built for Node 20"
}

main() {
  local start=$SECONDS
  require_node
  install_system_packages
  start_engine
  build_busybox_image
  build_debian_image "$CACHE"
  start_newer_engines "$CACHE"   # Docker 28 (containerd store) + Podman 5 for the engine matrix
  install_node_modules
  if [[ -x /usr/bin/rg || -n "$(command -v rg)" ]]; then
    as_user bash "$ROOT/scripts/install-code-server.sh" "$ROOT/.test-tools"
  else
    log "code-server: not installed (no ripgrep); the in-editor and UI tests will fail and say why"
  fi
  log "ready in $((SECONDS - start)) s"
}

# Sourced (e.g. to check one step), it only defines the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
