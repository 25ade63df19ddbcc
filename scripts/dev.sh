#!/usr/bin/env bash
# Opens Layerwise (built from this checkout) in a real VS Code on examples/:  bash scripts/dev.sh  (npm run dev)
# - Desktop VS Code (`code` on PATH): a new window with --extensionDevelopmentPath=<repo>.
# - Otherwise code-server from .test-tools/ (installed by the setup), with the development extension loaded
#   through the workbench's `payload` URL parameter; prints the URL and stays in the foreground until Ctrl+C.
# After changing the code: `npm run build`, then "Developer: Reload Window" in the editor.
#
#   LAYERWISE_DEV_PORT=8123        port for code-server (default: 8123, loopback only)
#   LAYERWISE_DEV_FOLDER=<dir>     folder to open instead of examples/
#   LAYERWISE_SKIP_SETUP=1         skip scripts/setup-test-env.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=dev
source "$ROOT/scripts/lib/common.sh"
cd "$ROOT"

FOLDER="$(realpath "${LAYERWISE_DEV_FOLDER:-$ROOT/examples}")"
PORT="${LAYERWISE_DEV_PORT:-8123}"
STATE="${LAYERWISE_CACHE:-$HOME/.cache/layerwise}/dev-code-server"
CODE_SERVER="$ROOT/.test-tools/node_modules/code-server/out/node/entry.js"

if [[ -z "${LAYERWISE_SKIP_SETUP:-}" ]]; then
  if [[ $EUID -eq 0 ]]; then bash scripts/setup-test-env.sh
  elif command -v sudo >/dev/null; then sudo --preserve-env=PATH,DOCKER_HOST,LAYERWISE_CACHE bash scripts/setup-test-env.sh
  else bash scripts/setup-test-env.sh
  fi
fi
npm run --silent build

if command -v code >/dev/null && code --version >/dev/null 2>&1; then
  log "opening desktop VS Code on $FOLDER"
  exec code --new-window --extensionDevelopmentPath="$ROOT" "$FOLDER"
fi

[[ -f $CODE_SERVER ]] || die "no desktop VS Code and no code-server in .test-tools/: run bash scripts/install-code-server.sh"
# Its own home, kept between runs (settings, opened editors), never the user's real VS Code profile.
mkdir -p "$STATE"/{home,user-data,extensions,xdg-config,xdg-data,xdg-cache}
printf 'auth: none\ncert: false\n' > "$STATE/config.yaml"
# First run: straight to the examples (no welcome page, no "open the parent git repository?" prompt).
if [[ ! -f "$STATE/user-data/User/settings.json" ]]; then
  mkdir -p "$STATE/user-data/User"
  printf '{\n  "workbench.startupEditor": "none",\n  "git.openRepositoryInParentFolders": "never",\n  "telemetry.telemetryLevel": "off"\n}\n' \
    > "$STATE/user-data/User/settings.json"
fi
export HOME="$STATE/home" XDG_CONFIG_HOME="$STATE/xdg-config" XDG_DATA_HOME="$STATE/xdg-data" XDG_CACHE_HOME="$STATE/xdg-cache"

setsid node "$CODE_SERVER" --bind-addr "127.0.0.1:$PORT" --config "$STATE/config.yaml" --auth none \
  --user-data-dir "$STATE/user-data" --extensions-dir "$STATE/extensions" \
  --disable-telemetry --disable-update-check --disable-getting-started-override --ignore-last-opened \
  --disable-workspace-trust \
  > "$STATE/code-server.log" 2>&1 &
SERVER_PID=$!
# Ctrl+C or the end of this script stops code-server and everything it started (extension host, language server).
trap 'kill -TERM -- -$SERVER_PID 2>/dev/null || true; wait $SERVER_PID 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM

healthy() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://127.0.0.1:$PORT/healthz"; }
for _ in $(seq 1 100); do
  healthy && break
  kill -0 $SERVER_PID 2>/dev/null || die "code-server exited; see $STATE/code-server.log"
  sleep 0.2
done
healthy || die "code-server did not answer on port $PORT; see $STATE/code-server.log"

URL="$(node -e '
  const [port, folder, ext] = process.argv.slice(1);
  const payload = [["extensionDevelopmentPath", `vscode-remote://127.0.0.1:${port}${ext}`]];
  console.log(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
' "$PORT" "$FOLDER" "$ROOT")"
log "Layerwise (development build) in code-server, on $FOLDER:"
echo
echo "  $URL"
echo
log "log: $STATE/code-server.log — Ctrl+C to stop"
wait $SERVER_PID
