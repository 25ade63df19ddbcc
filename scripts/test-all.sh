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

# Test stages. One line per stage:  name | lane | time limit in seconds | command (it writes counts to
# $LAYERWISE_SUMMARY). The two lanes run side by side, each running its stages in order (stages in different
# lanes share nothing: every engine test tags its images with its own process id and removes only those). Each
# lane pairs CPU-bound stages (lint, unit, the editor) with an engine stage that leaves the cores a third idle
# (dockerd, BuildKit, containerd and Podman wait on the disk). On 2 cores: one after another 937 s; engine stage
# beside engine stage 848 s (before the newer engines' image pile-up was pruned, four Docker 28 lens requests
# missed their 5 s limit); these two lanes 775 s (lint then in lane b, which ended 66 s after lane a), and they
# passed even at load 12–14 with other work on the machine. The limit
# stops a hung stage (a test stuck in synchronous code defeats mocha's timeouts) and everything it started; CI
# has 90 minutes for the whole run.
# A command that is not mocha or a runner of ours must write {"passed":N,"failed":N} to $LAYERWISE_SUMMARY
# itself, or it counts as one test, passed or failed by exit code.
#   LAYERWISE_SERIAL=1   one lane, stages in the order below, output as it comes (the default on 1 CPU)
#   LAYERWISE_LANES=1    lanes side by side whatever the CPU count
NEWER_ENGINES='\[(docker28|podman5)\]'
STAGES=(
  "lint|a|600|npm run --silent lint"
  # Unit test files share nothing but the disk caches (written atomically): one mocha worker per CPU.
  "unit|b|900|${MOCHA[*]} --parallel --jobs $(nproc 2>/dev/null || echo 2) 'out/test/unit/**/*.test.js'"
  "protocol|b|300|${MOCHA[*]} 'out/test/protocol/**/*.test.js'"
  # The engine tests split by engine: Docker 20.10 on the host (and the engine-independent tests) in one lane,
  # Docker 28 and Podman 5 (every title says [docker28] or [podman5]) in another.
  "engine-host|a|1800|${MOCHA[*]} --timeout 600000 --grep '$NEWER_ENGINES' --invert 'out/test/engine/**/*.test.js'"
  "engine-newer|b|1800|${MOCHA[*]} --timeout 600000 --grep '$NEWER_ENGINES' 'out/test/engine/**/*.test.js'"
  "vscode|a|600|node out/test/vscode/runInCodeServer.js"
  "ui|a|900|${MOCHA[*]} --timeout 300000 'out/test/ui/**/*.test.js'"
)
if npm run 2>/dev/null | grep -q '^  verify-fixes$'; then STAGES+=("verify-fixes|b|2400|npm run --silent verify-fixes"); fi

RESULTS=()
TOTAL_PASSED=0
TOTAL_FAILED=0
WORK_DIR="$(mktemp -d)"
trap 'rm -rf "$WORK_DIR"' EXIT
# Each stage runs in its own process group (see run_stage), out of reach of the terminal's Ctrl+C: pass it on.
stop_stages() {
  local f
  for f in "$WORK_DIR"/*.pid; do [[ -s $f ]] && kill -TERM -- -"$(cat "$f")" 2>/dev/null; done
  log "interrupted"
  exit 130
}
trap stop_stages INT TERM

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

# Runs one stage and leaves "status passed failed seconds" in $WORK_DIR/<name>.result. With a log file, the
# stage's output goes there and is printed in one piece when the stage ends (lanes do not interleave lines).
# The machine's CPU time so far, busy and total, in clock ticks (Linux; empty elsewhere): how busy the cores were
# during a stage says whether running it beside another could pay.
cpu_ticks() {
  [[ -r /proc/stat ]] && awk '/^cpu /{ t = 0; for (i = 2; i <= NF; i++) t += $i; print t - $5 - $6, t; exit }' /proc/stat
}

run_stage() {  # name limit command [log file]
  local name="$1" limit="$2" command="$3" out="${4:-}" start=$SECONDS summary="$WORK_DIR/$1.json" status passed failed pid
  local cpu_before cpu_after busy=""
  cpu_before="$(cpu_ticks)"
  log "── $name (limit ${limit} s): $command"
  # timeout leads a process group of its own and signals all of it: npx, mocha, code-server, browsers all go.
  if [[ -n $out ]]; then
    LAYERWISE_SUMMARY="$summary" timeout --kill-after=30 "$limit" bash -c "$command" >"$out" 2>&1 &
  else
    LAYERWISE_SUMMARY="$summary" timeout --kill-after=30 "$limit" bash -c "$command" &
  fi
  pid=$!
  echo "$pid" >"$WORK_DIR/$name.pid"
  wait "$pid"
  status=$?
  rm -f "$WORK_DIR/$name.pid"
  if [[ -n $out ]]; then
    {
      flock 9
      echo
      log "── $name: output"
      cat "$out"
    } 9>"$WORK_DIR/print.lock"
  fi
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
  echo "$([[ $status -eq 0 && $failed -eq 0 ]] && echo ok || echo FAILED) $passed $failed $((SECONDS - start))" >"$WORK_DIR/$name.result"
  cpu_after="$(cpu_ticks)"
  if [[ -n $cpu_before && -n $cpu_after ]]; then
    read -r b0 t0 <<< "$cpu_before"
    read -r b1 t1 <<< "$cpu_after"
    (( t1 > t0 )) && busy=", CPUs $(( 100 * (b1 - b0) / (t1 - t0) ))% busy"
  fi
  log "$name: done in $((SECONDS - start)) s$busy"
}

run_lane() {  # stage entries of one lane, in order
  local entry name limit command
  for entry in "$@"; do
    IFS='|' read -r name _ limit command <<< "$entry"
    run_stage "$name" "$limit" "$command" "$WORK_DIR/$name.log"
  done
}

main() {
  local start=$SECONDS entry name lane limit command prepared=1 wanted="${LAYERWISE_STAGES:-}" status passed failed seconds
  local -a chosen=() lanes=()
  for entry in "${STEPS[@]}"; do
    name="${entry%%|*}" command="${entry#*|}"
    if [[ $prepared -eq 1 ]]; then run_step "$name" "$command" || prepared=0
    else record "$name" "not run" 0 1 0
    fi
  done
  for entry in "${STAGES[@]}"; do
    IFS='|' read -r name lane limit command <<< "$entry"
    if [[ -n $wanted && " $wanted " != *" $name "* ]]; then continue; fi
    chosen+=("$entry")
  done
  if [[ $prepared -eq 1 ]]; then
    local serial="${LAYERWISE_SERIAL:-}"
    if [[ -z $serial && -z "${LAYERWISE_LANES:-}" && $(nproc 2>/dev/null || echo 1) -lt 2 ]]; then
      serial=1
      log "stages one after another (1 CPU; LAYERWISE_LANES=1 runs them in lanes side by side)"
    fi
    if [[ -n $serial ]]; then
      for entry in "${chosen[@]}"; do
        IFS='|' read -r name lane limit command <<< "$entry"
        run_stage "$name" "$limit" "$command"
      done
    else
      for entry in "${chosen[@]}"; do
        IFS='|' read -r name lane limit command <<< "$entry"
        [[ " ${lanes[*]} " == *" $lane "* ]] || lanes+=("$lane")
      done
      log "lanes side by side: $(for lane in "${lanes[@]}"; do
        printf '[%s:' "$lane"
        for entry in "${chosen[@]}"; do IFS='|' read -r name l _ <<< "$entry"; [[ $l == "$lane" ]] && printf ' %s' "$name"; done
        printf '] '
      done)"
      for lane in "${lanes[@]}"; do
        local -a mine=()
        for entry in "${chosen[@]}"; do
          IFS='|' read -r name l _ <<< "$entry"
          [[ $l == "$lane" ]] && mine+=("$entry")
        done
        run_lane "${mine[@]}" &
      done
      wait
    fi
  fi
  for entry in "${chosen[@]}"; do
    IFS='|' read -r name lane limit command <<< "$entry"
    if [[ -s "$WORK_DIR/$name.result" ]]; then
      read -r status passed failed seconds < "$WORK_DIR/$name.result"
      record "$name" "$status" "$passed" "$failed" "$seconds"
    else
      record "$name" "not run" 0 1 0
    fi
  done
  echo
  log "results (total $((SECONDS - start)) s):"
  printf '  %s\n' "${RESULTS[@]}"
  echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
  [[ $TOTAL_FAILED -eq 0 ]]
}

main "$@"
