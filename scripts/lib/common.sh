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

# Debian's 20.10 client (/usr/bin/docker) when present: it has BuildKit; a newer client on PATH may lack buildx.
docker_cli() {
  if [[ -x /usr/bin/docker ]]; then /usr/bin/docker "$@"; else docker "$@"; fi
}

engine_answers() { docker_cli info >/dev/null 2>&1; }
