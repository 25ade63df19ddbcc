#!/usr/bin/env bash
# Installs code-server (the real VS Code workbench + a Node extension host) and playwright-core into a folder of
# their own (default: .test-tools/ in the repo, git-ignored), offline: only the npm registry is needed. These are
# test tools, never the extension's dependencies. Steps and why: docs of the machine, "real VS Code in tests".
#
#   bash scripts/install-code-server.sh [DIR]      (idempotent: does nothing when DIR is already complete)
#
# Needs the Debian packages ripgrep libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config and a C/C++
# toolchain (scripts/setup-test-env.sh installs them).
set -euo pipefail

CODE_SERVER_VERSION=4.100.3   # the newest that runs on Node 20 (VS Code 1.100.3)
PLAYWRIGHT_VERSION=1.65.1
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$(realpath -m "${1:-$ROOT/.test-tools}")"
STAMP="$DIR/.complete-$CODE_SERVER_VERSION-$PLAYWRIGHT_VERSION"
VSCODE="$DIR/node_modules/code-server/lib/vscode"

log() { printf '[install-code-server] %s\n' "$*"; }

if [[ -f "$STAMP" ]]; then
  log "already complete in $DIR"
  exit 0
fi
command -v rg >/dev/null || { echo "install-code-server: ripgrep (rg) is missing; run scripts/setup-test-env.sh" >&2; exit 2; }

# node-gyp: use the headers of the installed Node instead of downloading them. node-pty's install runs
# `npx node-gyp`, which a machine-wide `yes=false` would cancel.
node_prefix="$(dirname "$(dirname "$(command -v node)")")"
export npm_config_nodedir="${npm_config_nodedir:-$node_prefix}"
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false

mkdir -p "$DIR"
cd "$DIR"
if [[ ! -f package.json ]]; then
  cat > package.json <<EOF
{
  "name": "layerwise-test-tools",
  "private": true,
  "description": "Test tools for Layerwise (code-server, playwright-core); installed by scripts/install-code-server.sh",
  "dependencies": {}
}
EOF
fi

log "npm install code-server@$CODE_SERVER_VERSION playwright-core@$PLAYWRIGHT_VERSION (no install scripts)"
npm install --save-exact --ignore-scripts "code-server@$CODE_SERVER_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"

# code-server checks argon2 at start-up even with --auth none.
log "building argon2"
npm rebuild argon2 --build-from-source

log "installing VS Code's own dependencies"
(cd "$VSCODE" && npm install --omit=dev --ignore-scripts)
# @vscode/ripgrep's install script downloads a binary unless one is already there: give it Debian's.
mkdir -p "$VSCODE/node_modules/@vscode/ripgrep/bin"
cp -f "$(command -v rg)" "$VSCODE/node_modules/@vscode/ripgrep/bin/rg"
log "building native modules (about 40 s)"
(cd "$VSCODE" && npm rebuild --foreground-scripts)

# The links code-server's own postinstall would make.
ln -sfn node_modules "$VSCODE/node_modules.asar"
ln -sfn code-linux.sh "$VSCODE/bin/remote-cli/code-server"
ln -sfn browser-linux.sh "$VSCODE/bin/helpers/browser.sh"

log "installing the built-in extensions' dependencies"
(cd "$VSCODE/extensions" && npm install --omit=dev --ignore-scripts)

node "$DIR/node_modules/code-server/out/node/entry.js" --version >/dev/null
touch "$STAMP"
log "done: $DIR"
