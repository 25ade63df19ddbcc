#!/usr/bin/env bash
# Tests everything, as CI does (.ci/run) and as the README says: `bash scripts/test-all.sh` (or `npm test`).
# Prepares the machine (setup-test-env.sh, with sudo when not root), builds, compiles the tests, then runs each
# test stage and prints its result. The last line is always "N passed, N failed", totals over all stages;
# a stage that fails without counting its tests, or that never ran, counts as one failure. Exit 0 only when
# every stage ran and nothing failed. With CI=true a test that cannot run (pending/skipped) is a failure.
#
#   LAYERWISE_STAGES="unit protocol"   run only these stages (after the preparation steps)
#   LAYERWISE_SKIP_SETUP=1             do not run setup-test-env.sh (you know the machine is ready)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOG_TAG=test-all
source "$ROOT/scripts/lib/common.sh"
cd "$ROOT"

REPORTER="$ROOT/scripts/lib/mocha-summary-reporter.cjs"
# --exit: a test that leaves a socket or timer open must not hang the run after its results are in.
MOCHA=(npx --no-install mocha --forbid-only --exit --reporter "$REPORTER")
[[ "${CI:-}" == true ]] && MOCHA+=(--forbid-pending)

setup() {
  [[ -n "${LAYERWISE_SKIP_SETUP:-}" ]] && { log "setup skipped (LAYERWISE_SKIP_SETUP)"; return 0; }
  if [[ $EUID -eq 0 ]]; then bash scripts/setup-test-env.sh
  elif command -v sudo >/dev/null; then sudo --preserve-env=PATH,DOCKER_HOST,CI,LAYERWISE_CACHE bash scripts/setup-test-env.sh
  else bash scripts/setup-test-env.sh
  fi
}

# Preparation steps: each must succeed, or the test stages cannot mean anything.
#   name | command
STEPS=(
  "setup|setup"
  "build|npm run --silent build"
  "compile-tests|node scripts/lib/prune-stale-out.cjs && npm run --silent compile-tests"
)

# Test stages, in order. One line per stage:  name | time limit in seconds | command (it writes counts to
# $LAYERWISE_SUMMARY). The limit stops a hung stage (a test stuck in synchronous code defeats mocha's timeouts)
# and everything it started; CI has 90 minutes for the whole run.
# To add a stage (e.g. verify-fixes), add a line; a command that is not mocha or a runner of ours must write
# {"passed":N,"failed":N} to $LAYERWISE_SUMMARY itself, or it counts as one test, passed or failed by exit code.
STAGES=(
  "lint|600|npm run --silent lint"
  "unit|600|${MOCHA[*]} 'out/test/unit/**/*.test.js'"
  "protocol|300|${MOCHA[*]} 'out/test/protocol/**/*.test.js'"
  "engine|1800|${MOCHA[*]} --timeout 600000 'out/test/engine/**/*.test.js'"
  "vscode|600|node out/test/vscode/runInCodeServer.js"
  "ui|900|${MOCHA[*]} --timeout 300000 'out/test/ui/**/*.test.js'"
)
if npm run 2>/dev/null | grep -q '^  verify-fixes$'; then STAGES+=("verify-fixes|2400|npm run --silent verify-fixes"); fi

RESULTS=()
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY_DIR="$(mktemp -d)"
STAGE_PID=
trap 'rm -rf "$SUMMARY_DIR"' EXIT
# The stage runs in its own process group (see run_stage), out of reach of the terminal's Ctrl+C: pass it on.
trap '[[ -n $STAGE_PID ]] && kill -TERM -- -"$STAGE_PID" 2>/dev/null; log "interrupted"; exit 130' INT TERM

record() {  # name status passed failed seconds
  RESULTS+=("$(printf '%-14s %-8s %4s passed %4s failed %6ss' "$1" "$2" "$3" "$4" "$5")")
  TOTAL_PASSED=$((TOTAL_PASSED + $3))
  TOTAL_FAILED=$((TOTAL_FAILED + $4))
  log "$(printf '%s: %s (%s passed, %s failed) in %ss' "$1" "$2" "$3" "$4" "$5")"
}

run_step() {  # name command → 0/1
  local name="$1" command="$2" start=$SECONDS
  log "── $name: $command"
  if eval "$command"; then record "$name" ok 0 0 $((SECONDS - start)); return 0; fi
  record "$name" FAILED 0 1 $((SECONDS - start))
  return 1
}

run_stage() {  # name limit command
  local name="$1" limit="$2" command="$3" start=$SECONDS summary="$SUMMARY_DIR/$1.json" status passed failed
  log "── $name (limit ${limit} s): $command"
  # timeout leads a process group of its own and signals all of it: npx, mocha, code-server, browsers all go.
  LAYERWISE_SUMMARY="$summary" timeout --kill-after=30 "$limit" bash -c "$command" &
  STAGE_PID=$!
  wait $STAGE_PID
  status=$?
  STAGE_PID=
  if [[ $status -eq 124 || $status -eq 137 ]]; then
    log "$name: stopped after its limit of ${limit} s"
    rm -f "$summary"   # partial counts would hide the hang
  fi
  if [[ -s $summary ]]; then
    passed="$(node -p "JSON.parse(require('fs').readFileSync('$summary','utf8')).passed")"
    failed="$(node -p "JSON.parse(require('fs').readFileSync('$summary','utf8')).failed")"
    # Exit status and counts must agree: a crash after the last test still fails the stage.
    [[ $status -ne 0 && $failed -eq 0 ]] && failed=1
  elif [[ $status -eq 0 ]]; then passed=1; failed=0
  else passed=0; failed=1
  fi
  record "$name" "$([[ $status -eq 0 && $failed -eq 0 ]] && echo ok || echo FAILED)" "$passed" "$failed" $((SECONDS - start))
}

main() {
  local start=$SECONDS entry name limit command prepared=1 wanted="${LAYERWISE_STAGES:-}"
  for entry in "${STEPS[@]}"; do
    name="${entry%%|*}" command="${entry#*|}"
    if [[ $prepared -eq 1 ]]; then run_step "$name" "$command" || prepared=0
    else record "$name" "not run" 0 1 0
    fi
  done
  for entry in "${STAGES[@]}"; do
    IFS='|' read -r name limit command <<< "$entry"
    if [[ -n $wanted && " $wanted " != *" $name "* ]]; then continue; fi
    if [[ $prepared -eq 1 ]]; then run_stage "$name" "$limit" "$command"
    else record "$name" "not run" 0 1 0
    fi
  done
  echo
  log "results (total $((SECONDS - start)) s):"
  printf '  %s\n' "${RESULTS[@]}"
  echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
  [[ $TOTAL_FAILED -eq 0 ]]
}

main "$@"
