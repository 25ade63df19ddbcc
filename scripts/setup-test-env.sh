#!/usr/bin/env bash
# Prepares a machine for the whole test suite, offline (npm registry + Debian mirror only). Idempotent: every step
# checks first and does only what is missing, so a warm machine passes through in a few seconds.
#
#   sudo bash scripts/setup-test-env.sh
#
# 1. Debian packages that are missing (apt-get, root only). When an engine already answers (Docker Desktop,
#    rootless Docker, DOCKER_HOST) docker.io is never installed, and with LAYERWISE_SYSTEM_PACKAGES=auto the rest
#    only when run as root on a machine whose engine is not Docker Desktop; LAYERWISE_SYSTEM_PACKAGES=no: nothing.
# 2. A Docker engine: one that already answers (DOCKER_HOST, the current context, the default socket) is used as
#    is; otherwise Debian's dockerd is started with its own data root (listening on DOCKER_HOST when that is a
#    unix:// socket), log in $LAYERWISE_DOCKERD_LOG. The docker client: scripts/lib/common.sh (LAYERWISE_DOCKER).
# 3. Base images layerwise-test/busybox:1 and layerwise-test/debian:bookworm (scripts/lib/base-images.sh).
#    Then the engine matrix's Docker 28 (containerd store) and Podman 5 beside it (scripts/lib/newer-engines.sh).
# 4. `npm ci` when node_modules does not match package-lock.json (as the invoking user); in a clean clone, a copy of
#    the last `npm ci` of the same package-lock.json instead, when there is one.
# 5. code-server + playwright-core in the cache, linked as .test-tools/ (scripts/install-code-server.sh, as the
#    invoking user).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=setup
source "$ROOT/scripts/lib/common.sh"
source "$ROOT/scripts/lib/apt-mirror.sh"
source "$ROOT/scripts/lib/base-images.sh"
source "$ROOT/scripts/lib/newer-engines.sh"

DOCKERD_DATA_ROOT="${LAYERWISE_DOCKERD_DATA_ROOT:-/var/lib/layerwise-docker}"
DOCKERD_LOG="${LAYERWISE_DOCKERD_LOG:-/var/log/layerwise-dockerd.log}"
DOCKERD_PIDFILE="${LAYERWISE_DOCKERD_PIDFILE:-/run/layerwise-dockerd.pid}"
CACHE="${LAYERWISE_CACHE:-$(user_home)/.cache/layerwise}"
SYSTEM_PACKAGES="${LAYERWISE_SYSTEM_PACKAGES:-auto}"   # auto | yes | no

# What the tests need from the system, by the command on PATH (or the file) that proves each package is there:
# a tool installed some other way counts as present.
declare -A PACKAGE_PROBE=(
  [docker.io]=dockerd
  [busybox-static]=busybox
  [debootstrap]=debootstrap
  [skopeo]=skopeo
  # The registry tests run distribution's registry on loopback, with htpasswd basic auth.
  [docker-registry]=docker-registry
  [apache2-utils]=htpasswd
  [ripgrep]=rg
  [chromium]=chromium
  # code-server's native modules (kerberos, native-keymap, @vscode/spdlog, node-pty, argon2) build from source.
  [libkrb5-dev]=/usr/include/krb5.h
  [libx11-dev]=/usr/include/X11/Xlib.h
  [libxkbfile-dev]=/usr/include/X11/extensions/XKBfile.h
  [libsecret-1-dev]=/usr/include/libsecret-1/libsecret/secret.h
  [pkg-config]=pkg-config
  [build-essential]=g++
  [python3]=python3
  # The engine tests reach a second engine over ssh:// through a throwaway sshd of their own.
  [openssh-server]=sshd
  [openssh-client]=ssh-agent
  # openssl makes the TLS certificates of the TCP+TLS engine tests; curl reads history independently of dockerode.
  [openssl]=openssl
  [curl]=curl
  [iproute2]=ip
  # ShellCheck inside RUN (server/src/core/shellcheck): its tests run the real binary.
  [shellcheck]=shellcheck
)

# sbin folders are not on every user's PATH, but sshd, dockerd and ip live there.
probe_present() {
  local probe="$1"
  if [[ $probe == /* ]]; then [[ -e $probe ]]; else PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" command -v "$probe" >/dev/null; fi
}

missing_packages() {
  local pkg
  for pkg in "${!PACKAGE_PROBE[@]}"; do
    case $pkg in
      # Only a static busybox runs FROM scratch (the dynamic one of the `busybox` package would not).
      busybox-static) static_busybox >/dev/null || echo "$pkg" ;;
      # Chromium by the setting the UI tests read, else any of its usual names (test/harness/browser.ts).
      chromium) [[ -x "${LAYERWISE_CHROMIUM:-}" ]] || probe_present chromium || probe_present chromium-browser || probe_present google-chrome || echo "$pkg" ;;
      *) probe_present "${PACKAGE_PROBE[$pkg]}" || echo "$pkg" ;;
    esac
  done | sort
}

engine_is_docker_desktop() { [[ "$(docker_cli info --format '{{.OperatingSystem}}' 2>/dev/null)" == *"Docker Desktop"* ]]; }

install_system_packages() {
  local pkg missing=() answering=no
  engine_answers && answering=yes
  for pkg in $(missing_packages); do
    # An engine that already answers (Docker Desktop, rootless Docker, DOCKER_HOST) needs no docker.io of ours.
    [[ $pkg == docker.io && $answering == yes ]] && continue
    missing+=("$pkg")
  done
  if [[ ${#missing[@]} -eq 0 ]]; then log "system packages: all present"; return 0; fi
  # With an engine of their own (a laptop), nothing system-wide unless asked: as root on a non-Desktop engine only.
  if [[ $SYSTEM_PACKAGES == no ]] || { [[ $SYSTEM_PACKAGES == auto && $answering == yes ]] && { [[ $EUID -ne 0 ]] || engine_is_docker_desktop; }; }; then
    log "system packages: not installing (${missing[*]}) — an engine of your own answers (run with sudo and LAYERWISE_SYSTEM_PACKAGES=yes to install them) or LAYERWISE_SYSTEM_PACKAGES=no; the tests that need them will fail and say why"
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
  # A DOCKER_HOST socket that does not answer yet is where our dockerd will listen; a remote one we cannot start.
  local listen=()
  if [[ -n "${DOCKER_HOST:-}" ]]; then
    [[ $DOCKER_HOST == unix://?* ]] || die "DOCKER_HOST=$DOCKER_HOST does not answer; start that engine, or unset DOCKER_HOST to use a local dockerd"
    listen=(--host "$DOCKER_HOST")
  fi
  [[ $EUID -eq 0 ]] || die "no Docker engine answers and starting dockerd needs root: run this script with sudo"
  probe_present dockerd || die "no dockerd (Debian package docker.io) to start"
  mkdir -p "$DOCKERD_DATA_ROOT" "$(dirname "$DOCKERD_LOG")"
  log "docker engine: starting dockerd --data-root $DOCKERD_DATA_ROOT (log: $DOCKERD_LOG)"
  # Its own session, so it outlives this script and the terminal; stopped by the pid in $DOCKERD_PIDFILE.
  setsid dockerd --data-root "$DOCKERD_DATA_ROOT" --pidfile "$DOCKERD_PIDFILE" "${listen[@]}" >>"$DOCKERD_LOG" 2>&1 < /dev/null &
  local waited=0
  until engine_answers; do
    sleep 1
    waited=$((waited + 1))
    [[ $waited -lt 60 ]] || die "dockerd did not answer within 60 s; see $DOCKERD_LOG"
  done
  log "docker engine: answering after ${waited} s (stop it with: kill \$(cat $DOCKERD_PIDFILE))"
}

# A clean clone has no node_modules. `npm ci` takes ~35 s to unpack its 20,000 files even from npm's cache; a copy of
# what the last `npm ci` installed for the same package-lock.json and Node ABI takes ~2 s, and is used only when the
# lockfile check below then passes. Any doubt runs `npm ci`, which also refreshes the copy (one kept: ~370 MB).
install_node_modules() {
  local copies="$CACHE/node-modules" key
  key="$(sha256sum "$ROOT/package-lock.json" | cut -c1-16)-abi$(node -p process.versions.modules)"
  if node "$ROOT/scripts/lib/node-modules-current.cjs" "$ROOT" 2>/dev/null; then
    log "node_modules: matches package-lock.json"
    return 0
  fi
  if [[ ! -e $ROOT/node_modules && -d $copies/$key/node_modules ]]; then
    as_user cp -a "$copies/$key/node_modules" "$ROOT/node_modules"
    if node "$ROOT/scripts/lib/node-modules-current.cjs" "$ROOT" 2>/dev/null; then
      log "node_modules: copied from the last npm ci of this package-lock.json ($copies/$key)"
      return 0
    fi
    rm -rf "$ROOT/node_modules"
  fi
  log "node_modules: out of date ($(node "$ROOT/scripts/lib/node-modules-current.cjs" "$ROOT" 2>&1 || true)), running npm ci"
  (cd "$ROOT" && as_user npm ci --no-audit --no-fund)
  as_user rm -rf "$copies"
  as_user mkdir -p "$copies/$key.partial"
  as_user cp -a "$ROOT/node_modules" "$copies/$key.partial/" && as_user mv "$copies/$key.partial" "$copies/$key" ||
    log "node_modules: could not keep a copy in $copies (the next clean clone runs npm ci again)"
}

require_node() {
  # Not installed here: Debian 12's nodejs is 18, too old; the extension, its tools and code-server 4.100 need 20.
  command -v node >/dev/null && command -v npm >/dev/null || die "Node.js 20+ with npm is needed (e.g. from nodejs.org or NodeSource)"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  [[ $major -ge 20 ]] || die "Node.js $(node --version) is too old: 20 or newer is needed"
  [[ $major -eq 20 ]] || log "warning: Node.js $(node --version); code-server 4.100.3 is built for Node 20"
}

# code-server and playwright-core: installed once per machine in the cache (a few minutes) and linked into each
# clone as .test-tools, so a fresh clone on a machine that has them starts in seconds. A clone that already has
# its own .test-tools folder keeps using it.
install_test_tools() {
  local shared="$CACHE/test-tools"
  if [[ -e $ROOT/.test-tools || -L $ROOT/.test-tools ]]; then
    as_user bash "$ROOT/scripts/install-code-server.sh" "$ROOT/.test-tools"
    return
  fi
  as_user bash "$ROOT/scripts/install-code-server.sh" "$shared"
  as_user ln -s "$shared" "$ROOT/.test-tools"
  log "code-server: $ROOT/.test-tools -> $shared"
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
  if command -v rg >/dev/null; then
    install_test_tools
  else
    log "code-server: not installed (no ripgrep); the in-editor and UI tests will fail and say why"
  fi
  log "ready in $((SECONDS - start)) s"
}

# Sourced (e.g. to check one step), it only defines the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then main "$@"; fi
