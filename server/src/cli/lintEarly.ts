// `layerwise lint` over many files starts its worker threads from the CLI's first bundle (dist/cli.js), before the
// command's own is read: a thread's start (Node's own, then loading the lint bundle) takes ~100–200 ms, which would
// otherwise come after the main thread had loaded the bundle, read the arguments and found the files. The lint pool
// (cli/lintPool.ts) takes the threads over and hands them their work, or stops those it does not need (few files,
// a usage error). The decision is made from the arguments alone: a folder, a glob or many files named.
import { Worker } from 'node:worker_threads';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from './usage';
import { codeCacheDir, codeCachePath, RUN_BUNDLE_IN_WORKER } from './bundleLoader';

/** `lint`'s options that take a value, and those that do not (lint.ts parses with the same lists). */
export const LINT_VALUE_FLAGS = [
  'format',
  'failure-threshold',
  'config',
  'ignore',
  'locale',
  'jobs',
  'trusted-registry',
  'require-label',
  'shellcheck',
];
export const LINT_SWITCHES = ['no-fail', 'no-color', 'verbose', 'strict-labels', 'disable-ignore-pragma'];

/** Below this many files a worker's start (loading the linter, ~0.1 s of CPU) costs more than it saves. */
export const MIN_FILES_PER_WORKER = 8;
/** What a worker thread is started with; the rest of its work comes in its first message (cli/lintPool.ts). */
export const WORKER_ROLE = 'layerwise-lint-worker';
const GLOB_CHARS = /[*?[]/;

/** Shared between the bundles of one process (each has its own copy of this module). */
const EARLY_WORKERS = Symbol.for('layerwise.earlyLintWorkers');
type WithEarlyWorkers = { [EARLY_WORKERS]?: Worker[] };

/** What a lint worker runs: a bundle (with the main thread's code cache, if any) or a compiled module (out/). */
export type LintWorkerScript = { bundle: string; cacheFile: string | undefined } | { module: string };

/** The lint bundle beside the CLI's first bundle, with its code cache (the build writes the bundle's digest in here). */
function lintBundleBeside(): LintWorkerScript | undefined {
  if (path.basename(__filename) !== 'cli.js') return undefined;
  const bundle = path.join(__dirname, 'cli-lint.js');
  const cacheDir = codeCacheDir();
  // scripts/build.mjs replaces the placeholder with the digest; a build that did not names no cache.
  const digest = '@digest-of:cli-lint.js@';
  return { bundle, cacheFile: cacheDir && /^[0-9a-f]{32}$/.test(digest) ? codeCachePath(cacheDir, bundle, '', digest) : undefined };
}

/** A lint worker thread; its work comes in its first message (cli/lintPool.ts). */
export function startLintWorker(script: LintWorkerScript): Worker {
  return 'bundle' in script
    ? new Worker(RUN_BUNDLE_IN_WORKER, {
        eval: true,
        workerData: { role: WORKER_ROLE, bundle: script.bundle, cacheFile: script.cacheFile },
        argv: [WORKER_ROLE],
      })
    : new Worker(script.module, { workerData: { role: WORKER_ROLE }, argv: [WORKER_ROLE] });
}

/** Whether `lint`'s arguments probably name enough files for worker threads: a folder, a glob, or many files. */
export function manyFilesLikely(positionals: readonly string[]): boolean {
  if (positionals.length >= 2 * MIN_FILES_PER_WORKER) return true;
  return positionals.some((arg) => {
    if (arg === '-') return false;
    if (GLOB_CHARS.test(arg)) return true;
    try {
      return fs.statSync(arg).isDirectory();
    } catch {
      return false;
    }
  });
}

/** Starts the worker threads `lint`'s arguments will probably want (none for `--jobs 1` or a few files). */
export function startEarlyLintWorkers(argv: string[]): void {
  try {
    const args = parseArgs(argv, LINT_VALUE_FLAGS, LINT_SWITCHES);
    const jobs = Number(args.flags.get('jobs')?.at(-1) ?? os.availableParallelism());
    const script = lintBundleBeside();
    if (!script || !(jobs >= 2) || !manyFilesLikely(args.positionals)) return;
    (globalThis as WithEarlyWorkers)[EARLY_WORKERS] = Array.from({ length: Math.min(jobs, 64) - 1 }, () =>
      // Until the pool takes it over, a thread that fails to start must not take the process down.
      startLintWorker(script).on('error', () => undefined),
    );
  } catch {
    // Bad arguments: the command itself says what is wrong.
  }
}

/** The worker threads started early, taken over by the caller (at most `count`; the others are stopped). */
export function takeEarlyLintWorkers(count: number): Worker[] {
  // A thread that has stopped already (threadId -1) is of no use.
  const early = ((globalThis as WithEarlyWorkers)[EARLY_WORKERS] ?? []).filter((worker) => worker.threadId >= 0);
  delete (globalThis as WithEarlyWorkers)[EARLY_WORKERS];
  for (const worker of early.slice(count)) void worker.terminate();
  return early.slice(0, count);
}

/** Stops threads nobody took over (the command failed before it got there), so the process can end. */
export function giveUpEarlyLintWorkers(): void {
  takeEarlyLintWorkers(0);
}
