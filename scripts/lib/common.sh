# Shared by the scripts in scripts/: logging, running as the invoking user under sudo, the Docker CLI to use.
# Sourced, never executed.

log() { printf '[%s] %s\n' "${LOG_TAG:-layerwise}" "$*"; }
die() { printf '[%s] error: %s\n' "${LOG_TAG:-layerwise}" "$*" >&2; exit 1; }

# Under `sudo`, files in the repo and the user's cache must stay the user's: run user-level steps as them.
as_user() {
  if [[ $EUID -eq 0 && -n "${SUDO_USER:-}" && "${SUDO_USER}" != root ]]; then
    sudo -u "$SUDO_USER" -H --preserve-env=PATH,DOCKER_HOST,CI,LAYERWISE_CACHE,npm_config_nodedir,npm_config_yes "$@"
  else
    "$@"
  fi
}

# The invoking user's home (sudo may have reset HOME to root's).
user_home() {
  if [[ $EUID -eq 0 && -n "${SUDO_USER:-}" ]]; then getent passwd "$SUDO_USER" | cut -d: -f6; else echo "$HOME"; fi
}

# The docker client to use (test/helpers/dockerCli.ts resolves it the same way for the TypeScript tests):
# $LAYERWISE_DOCKER, else the first `docker` on PATH that can build with BuildKit — one with the buildx plugin, else
# a client older than 23 (BuildKit built in). A newer client without buildx is only a last resort. Sets DOCKER_CLI.
DOCKER_CLI=""   # resolved on first use, never taken from the environment
resolve_docker_cli() {
  [[ -n $DOCKER_CLI ]] && return 0
  if [[ -n "${LAYERWISE_DOCKER:-}" ]]; then DOCKER_CLI="$LAYERWISE_DOCKER"; return 0; fi
  local dir candidate real major seen=" " builtin="" any=""
  local -a dirs
  IFS=: read -ra dirs <<<"${PATH:-}"
  for dir in "${dirs[@]}"; do
    candidate="${dir:-.}/docker"
    [[ -f $candidate && -x $candidate ]] || continue
    real="$(readlink -f "$candidate")"
    [[ $seen == *" $real "* ]] && continue
    seen+="$real "
    if "$candidate" buildx version >/dev/null 2>&1; then DOCKER_CLI="$candidate"; return 0; fi
    major="$("$candidate" --version 2>/dev/null | sed -n 's/^Docker version \([0-9][0-9]*\)\..*/\1/p')"
    [[ -z $builtin && -n $major && $major -lt 23 ]] && builtin="$candidate"
    [[ -z $any ]] && any="$candidate"
  done
  if [[ -n $builtin ]]; then DOCKER_CLI="$builtin"; return 0; fi
  if [[ -n $any ]]; then
    log "warning: $any has no buildx plugin and no built-in BuildKit; the BuildKit tests will fail (set LAYERWISE_DOCKER)" >&2
    DOCKER_CLI="$any"; return 0
  fi
  return 1
}

# Not cached until a client is found: the setup script may install docker.io after the first call.
docker_cli() {
  resolve_docker_cli || { printf '[%s] no docker client on PATH (set LAYERWISE_DOCKER)\n' "${LOG_TAG:-layerwise}" >&2; return 127; }
  "$DOCKER_CLI" "$@"
}

engine_answers() { docker_cli info >/dev/null 2>&1; }
