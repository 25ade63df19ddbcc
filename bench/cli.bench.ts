// Whole processes, as a pre-commit hook, lint-staged or CI runs them, each paired against its peers in the same run
// (alternating, so a busy machine slows all sides alike). Targets (issue 18, docs/performance.md):
// 1. One file per process: `layerwise lint` ≤ 1.5× `dockerfile-utils lint` and ≤ 1.0× tally's process, on a real
//    100–200-line Dockerfile with several RUNs (and a short one, for reference). The code cache is warm, as from
//    the second run on for a user. Like with like: dockerfile-utils runs no ShellCheck, so it is compared with
//    `--ignore shellcheck`; tally runs ShellCheck (built in), so it is compared with ShellCheck on and its result
//    cache emptied before each run (a first run). ShellCheck with warm results (a second run) on its own line.
// 2. The corpus in one call, ShellCheck off: ≤ 1.0× dockerfile-utils validating the same files in one Node
//    process; with worker threads ≥ 1.7× faster than one thread (`--jobs 1`). With ShellCheck on, once cold and
//    paired warm, on lines of their own.
// 3. `layerwise analyze` of a ≥ 300 MB image ≤ 1.1× `curl` reading the engine's export to /dev/null (the floor), on
//    the host's engine and on Docker 28 with the containerd store when it runs (test/engine/engineMatrix.ts).
// Layerwise runs as the npm package ships it: the production build (scripts/build.mjs --production, as `prepack`).
// tally is the npm package @wharflab/tally-linux-x64, installed for the bench only (see TALLY_INSTALL below).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { corpusDir } from '../test/helpers/corpus';
import { dockerCli } from '../test/helpers/dockerCli';
import { BASE_IMAGES } from '../test/helpers/docker';
import { curlArgs, engineClient, engines, requireBase, TestEngine } from '../test/engine/engineMatrix';
import { summarize } from './stats';

const REPO = path.resolve(__dirname, '..', '..');
const WORK = path.join(REPO, '.cache', 'bench', 'cli');
// What users run: the npm package's build (`prepack`: minified, no source maps), built here by run().
const CLI = path.join(WORK, 'dist', 'cli.js');
const TALLY_DIR = path.join(REPO, '.cache', 'bench-tools');
const TALLY = path.join(TALLY_DIR, 'node_modules', '@wharflab', 'tally-linux-x64', 'bin', 'tally');
const TALLY_INSTALL = `npm install --no-save --prefix .cache/bench-tools @wharflab/tally-linux-x64@0.45.0`;
const DOCKERFILE_UTILS = path.join(REPO, 'node_modules', 'dockerfile-utils', 'bin', 'dockerfile-utils');
const ROUNDS = 7;
const FLOOR_IMAGE = 'layerwise-test-bench-cli-floor:1';
// The engine's own pace varies by a few % between exports (more than the margin to the target): 7 rounds, not 5.
const ANALYSIS_ROUNDS = 7;

interface Contender {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  /** Run before each timed run, untimed (e.g. emptying a cache). */
  before?: () => void;
}

/** Wall time of one process, in ms; its exit status must be one the tool uses for "ran" (0, 1). */
function timeProcess(c: Contender, env: NodeJS.ProcessEnv): number {
  c.before?.();
  const started = performance.now();
  const result = spawnSync(c.command, c.args, { cwd: c.cwd ?? REPO, env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const elapsed = performance.now() - started;
  if (result.error || (result.status !== 0 && result.status !== 1))
    throw new Error(`${c.name} failed (exit ${result.status}): ${result.error?.message ?? result.stderr.slice(0, 500)}`);
  return elapsed;
}

/** Each round runs every contender once, starting with a different one; medians per contender. */
function paired(contenders: Contender[], rounds = ROUNDS, env: NodeJS.ProcessEnv = process.env): Map<string, number> {
  const samples = new Map(contenders.map((c) => [c.name, [] as number[]]));
  for (const c of contenders) timeProcess(c, env); // warm the page cache and the code cache
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const c = contenders[(round + k) % contenders.length];
      samples.get(c.name)!.push(timeProcess(c, env));
    }
  }
  const medians = new Map<string, number>();
  for (const [name, s] of samples) medians.set(name, summarize(s).median);
  return medians;
}

function report(medians: Map<string, number>, ours: string, targets: Record<string, number>): void {
  const mine = medians.get(ours)!;
  for (const [name, median] of medians) console.log(`  ${name.padEnd(44)} ${median.toFixed(0).padStart(6)} ms`);
  for (const [peer, target] of Object.entries(targets)) {
    const theirs = medians.get(peer);
    if (theirs === undefined) continue;
    const ratio = mine / theirs;
    console.log(`  ratio ${ours} / ${peer}: ${ratio.toFixed(2)} (target ≤ ${target.toFixed(2)}) ${ratio <= target ? 'met' : 'NOT met'}`);
  }
}

function tallyInstalled(): boolean {
  if (fs.existsSync(TALLY)) return true;
  console.log(`  tally: not installed, its columns are left out (install it with: ${TALLY_INSTALL})`);
  return false;
}

/** Empties ShellCheck's result cache (cli/cacheDirs.ts: `shellcheck` in LAYERWISE_CACHE_DIR), keeping the code cache. */
function emptyShellcheckResults(env: NodeJS.ProcessEnv): () => void {
  return () => fs.rmSync(path.join(env.LAYERWISE_CACHE_DIR!, 'shellcheck'), { recursive: true, force: true });
}

function shellcheckOnPath(): boolean {
  return spawnSync('shellcheck', ['--version'], { stdio: 'ignore' }).status === 0;
}

function oneFilePerProcess(file: string, env: NodeJS.ProcessEnv): void {
  const text = fs.readFileSync(file, 'utf8');
  // tally reads only files named like Dockerfiles: every tool lints the same copy.
  const dir = path.join(WORK, path.basename(file));
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
  console.log(`\n${path.basename(file)} (${text.split('\n').length} lines), one process per lint, ${ROUNDS} paired rounds:`);
  const ours = 'layerwise lint --ignore shellcheck';
  const contenders: Contender[] = [
    { name: ours, command: process.execPath, args: [CLI, 'lint', '--ignore', 'shellcheck', 'Dockerfile'], cwd: dir },
    { name: 'dockerfile-utils lint', command: process.execPath, args: [DOCKERFILE_UTILS, 'lint', 'Dockerfile'], cwd: dir },
  ];
  const withShellcheck = shellcheckOnPath();
  if (withShellcheck) {
    const args = [CLI, 'lint', 'Dockerfile'];
    contenders.push(
      { name: 'layerwise lint, ShellCheck (first run)', command: process.execPath, args, cwd: dir, before: emptyShellcheckResults(env) },
      { name: 'layerwise lint, ShellCheck (results kept)', command: process.execPath, args, cwd: dir },
    );
  } else console.log('  shellcheck: not on PATH, the ShellCheck lines are left out');
  const tally = tallyInstalled();
  if (tally) contenders.push({ name: 'tally lint', command: TALLY, args: ['lint', 'Dockerfile'], cwd: dir });
  const medians = paired(contenders, ROUNDS, env);
  report(medians, ours, { 'dockerfile-utils lint': 1.5 });
  // tally runs ShellCheck itself: compared with ours running it from scratch.
  if (tally && withShellcheck) ratio(medians, 'layerwise lint, ShellCheck (first run)', 'tally lint', 1.0);
}

function ratio(medians: Map<string, number>, ours: string, peer: string, target: number): number {
  const value = medians.get(ours)! / medians.get(peer)!;
  console.log(`  ratio ${ours} / ${peer}: ${value.toFixed(2)} (target ≤ ${target.toFixed(2)}) ${value <= target ? 'met' : 'NOT met'}`);
  return value;
}

function manyFiles(env: NodeJS.ProcessEnv): void {
  const files = fs.readdirSync(corpusDir()).map((f) => path.join(corpusDir(), f));
  const peerScript = `const { validate } = require(${JSON.stringify(path.join(REPO, 'node_modules', 'dockerfile-utils'))});
    const fs = require('fs'); let n = 0;
    for (const f of ${JSON.stringify(files)}) n += validate(fs.readFileSync(f, 'utf8')).length;
    process.stdout.write(String(n));`;
  const glob = path.join(corpusDir(), '*');
  console.log(`\nthe corpus (${files.length} files) in one process, ShellCheck off, ${ROUNDS} paired rounds:`);
  const peer = 'dockerfile-utils validate(), one process';
  const allCores = 'layerwise lint --ignore shellcheck (all cores)';
  const oneThread = 'layerwise lint --ignore shellcheck --jobs 1';
  const medians = paired(
    [
      { name: allCores, command: process.execPath, args: [CLI, 'lint', '--ignore', 'shellcheck', glob] },
      { name: oneThread, command: process.execPath, args: [CLI, 'lint', '--ignore', 'shellcheck', '--jobs', '1', glob] },
      { name: peer, command: process.execPath, args: ['-e', peerScript] },
    ],
    ROUNDS,
    env,
  );
  report(medians, allCores, { [peer]: 1.0 });
  const speedup = medians.get(oneThread)! / medians.get(allCores)!;
  console.log(`  worker threads: ${speedup.toFixed(2)}× faster than one thread (target ≥ 1.70) ${speedup >= 1.7 ? 'met' : 'NOT met'}`);
  if (!shellcheckOnPath()) return console.log('  shellcheck: not on PATH, the ShellCheck lines are left out');
  // ShellCheck on: its first run costs seconds of the binary's CPU per hundred RUNs, so it is timed once.
  const withShellcheck: Contender = {
    name: 'layerwise lint (all cores), ShellCheck',
    command: process.execPath,
    args: [CLI, 'lint', glob],
  };
  const cold = timeProcess({ ...withShellcheck, before: emptyShellcheckResults(env) }, env);
  console.log(`  ${'layerwise lint (all cores), ShellCheck, first run (once)'.padEnd(44)} ${cold.toFixed(0).padStart(6)} ms`);
  const warm = paired(
    [
      { ...withShellcheck, name: 'layerwise lint (all cores), ShellCheck kept' },
      { name: peer, command: process.execPath, args: ['-e', peerScript] },
    ],
    3,
    env,
  );
  report(warm, 'layerwise lint (all cores), ShellCheck kept', {});
}

/** The floor image in one engine: random (incompressible) layers, one of them deleted later, about 410 MB in all. */
function buildFloorImage(engine: TestEngine): void {
  const onEngine = { ...engine.env, DOCKER_BUILDKIT: '0' };
  if (spawnSync(dockerCli(), ['image', 'inspect', FLOOR_IMAGE], { stdio: 'ignore', env: onEngine }).status === 0) return;
  const dir = fs.mkdtempSync(path.join(WORK, 'floor-'));
  fs.writeFileSync(
    path.join(dir, 'Dockerfile'),
    `FROM ${BASE_IMAGES.debian}\nRUN head -c 120000000 /dev/urandom > /data-a\nRUN head -c 90000000 /dev/urandom > /data-b\n` +
      `RUN head -c 40000000 /dev/urandom > /scratch && rm /scratch\nRUN mkdir /many && cd /many && seq 1 5000 | xargs touch\n`,
  );
  const built = spawnSync(dockerCli(), ['build', '-q', '-t', FLOOR_IMAGE, dir], { encoding: 'utf8', env: onEngine });
  fs.rmSync(dir, { recursive: true, force: true });
  if (built.status !== 0) throw new Error(`[${engine.name}] building ${FLOOR_IMAGE} failed: ${built.stderr}`);
}

/**
 * `layerwise analyze` against curl reading the same export to /dev/null, on one engine: the host's (Docker 20.10's
 * classic store on CI: it writes the whole archive to a folder before its first byte) and Docker 28's containerd
 * store (it streams the stored, compressed blobs).
 */
async function analysisAgainstCurl(engine: TestEngine, env: NodeJS.ProcessEnv): Promise<void> {
  await requireBase(engine, 'debian');
  buildFloorImage(engine);
  const onEngine = { ...env, ...engine.env };
  const size = spawnSync(dockerCli(), ['image', 'inspect', '--format', '{{.Size}}', FLOOR_IMAGE], { encoding: 'utf8', env: onEngine });
  console.log(
    `\n[${engine.name}] analysis of ${FLOOR_IMAGE} (${(Number(size.stdout.trim()) / 1e6).toFixed(0)} MB), ${ANALYSIS_ROUNDS} paired rounds:`,
  );
  report(
    paired(
      [
        { name: 'layerwise analyze', command: process.execPath, args: [CLI, 'analyze', '--format', 'json', FLOOR_IMAGE] },
        {
          name: 'curl export > /dev/null (floor)',
          command: 'curl',
          // The engine the product resolves for this DOCKER_HOST, over its unix socket or tcp (with TLS files on the host).
          args: ['-f', '-o', '/dev/null', ...curlArgs(engine, `/images/${encodeURIComponent(FLOOR_IMAGE)}/get`)],
        },
      ],
      ANALYSIS_ROUNDS,
      onEngine,
    ),
    'layerwise analyze',
    { 'curl export > /dev/null (floor)': 1.1 },
  );
  if (!process.env.LAYERWISE_BENCH_KEEP) spawnSync(dockerCli(), ['rmi', '-f', FLOOR_IMAGE], { stdio: 'ignore', env: onEngine });
}

/** The host engine always; Docker 28 (containerd store) when it answers, else a line saying why it is left out. */
async function analysisOnEngines(env: NodeJS.ProcessEnv): Promise<void> {
  for (const engine of engines().filter((e) => e.name === 'host' || e.name === 'docker28')) {
    if (engine.name !== 'host') {
      try {
        await engineClient(engine);
      } catch (error) {
        console.log(`\n[${engine.name}] analysis vs curl: left out: ${(error as Error).message}`);
        continue;
      }
    }
    await analysisAgainstCurl(engine, env);
  }
}

export async function run(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--production', `--outdir=${path.dirname(CLI)}`], {
    cwd: REPO,
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`the production build failed: ${build.stderr || build.error?.message}`);
  // The CLI's code cache in a folder of the bench's own, warmed by the first (unmeasured) run of each contender.
  const env = { ...process.env, LAYERWISE_CACHE_DIR: path.join(WORK, 'code-cache') };
  // `node out/bench/index.js cli --analysis-only`: only the analysis against curl (part 3).
  if (process.argv.includes('--analysis-only')) return analysisOnEngines(env);
  const corpus = corpusDir();
  oneFilePerProcess(path.join(corpus, 'haskell__docker-haskell__9.8__bullseye__Dockerfile'), env);
  oneFilePerProcess(path.join(corpus, 'docker-library__ruby__3.4__alpine3.22__Dockerfile'), env);
  oneFilePerProcess(path.join(corpus, '0x30c4__GhostBin__Dockerfile'), env);
  manyFiles(env);
  if (process.argv.includes('--no-engine')) console.log('\nanalysis vs curl: left out (--no-engine)');
  else await analysisOnEngines(env);
}
