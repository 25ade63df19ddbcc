// Lints many files on all cores: the main thread and worker threads take files from one queue, and the outcomes
// are put back in input order, so the output does not depend on which thread linted what. A worker is this same
// module (its bundle, dist/cli-lint.js, or out/…/lintPool.js under the tests) started with WORKER_ROLE in its argv.
// node:worker_threads is loaded only when threads start (a one-file lint never needs it): its names are read only
// then, and the bundles load it on first use (scripts/build.mjs, LAZY_BUILTINS).
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as os from 'node:os';
import { lintFile, type LintOutcome, type LintSettings } from './lintFile';
import { loadTranslations } from '../core/l10n';
import { initShellParser } from '../core/shell/index';
import { codeCacheFileOf, RUN_BUNDLE_IN_WORKER } from './bundleLoader';

const WORKER_ROLE = 'layerwise-lint-worker';
/** Below this many files a worker's start (loading the linter, ~0.1 s of CPU) costs more than it saves. */
export const MIN_FILES_PER_WORKER = 8;
/**
 * Files each thread has in hand at once. A ready worker always holds its next file (the main thread, busy linting,
 * hands out files only between its own), and a thread's files overlap their waits for ShellCheck's processes.
 */
export const FILES_IN_FLIGHT = 2;

interface WorkerSetup {
  role: typeof WORKER_ROLE;
  settings: LintSettings;
  locale: string | undefined;
}

interface Job {
  index: number;
  file: string;
  text: string;
}

/** How many threads lint `fileCount` files: `--jobs`, else one per core, never more than the files pay for. */
export function threadCount(fileCount: number, jobs: number | undefined): number {
  const wanted = jobs ?? os.availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(fileCount / MIN_FILES_PER_WORKER) || 1));
}

export async function lintAll(
  inputs: readonly { file: string; text: string }[],
  settings: LintSettings,
  threads: number,
  locale: string | undefined,
): Promise<LintOutcome[]> {
  const outcomes: LintOutcome[] = new Array(inputs.length);
  // The largest files first: the last files handed out are small, so no thread is left with a big one alone at
  // the end while the others wait. Outcomes keep their input index, so the output order does not change.
  const order = lintOrder(inputs);
  let next = 0;
  const take = (): Job | undefined => {
    if (next >= order.length) return undefined;
    const index = order[next++];
    return { index, ...inputs[index] };
  };
  const workers = Array.from({ length: threads - 1 }, () => runWorker({ role: WORKER_ROLE, settings, locale }, take, outcomes));
  // The main thread lints too; it yields between files so the workers are handed their next file meanwhile.
  const lane = async () => {
    for (let job = take(); job; job = take()) {
      outcomes[job.index] = await lintFile(job.file, job.text, settings);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, lane));
  // Every file is linted or in a worker's hands: a worker still starting gets none, and is not waited for.
  for (const worker of workers) worker.stopIfIdle();
  await Promise.all(workers.map((worker) => worker.done));
  return outcomes;
}

/** Input indexes, the longest text first (ties in input order). */
export function lintOrder(inputs: readonly { text: string }[]): number[] {
  return inputs.map((_, index) => index).sort((a, b) => inputs[b].text.length - inputs[a].text.length || a - b);
}

interface PoolWorker {
  /** Settles when the worker has stopped; its files' outcomes are in place. */
  done: Promise<void>;
  /** Stops the worker now if it holds no file (the queue is empty). */
  stopIfIdle(): void;
}

/**
 * One worker: fed FILES_IN_FLIGHT files at a time from `take` once it is ready (its bundle and the shell parser
 * loaded), until the queue is empty. Files are handed out only then, so none waits for a worker's start while the
 * main thread could lint it. A worker that dies fails the files it held.
 */
function runWorker(setup: WorkerSetup, take: () => Job | undefined, outcomes: LintOutcome[]): PoolWorker {
  // In the bundle, loaded with the code cache (cli/bundleLoader.ts): the workers use that cache too.
  const cacheFile = codeCacheFileOf(__filename);
  const worker = cacheFile
    ? new Worker(RUN_BUNDLE_IN_WORKER, { eval: true, workerData: { ...setup, bundle: __filename, cacheFile }, argv: [WORKER_ROLE] })
    : new Worker(__filename, { workerData: setup, argv: [WORKER_ROLE] });
  const held = new Map<number, Job>();
  let stopping: Promise<void> | undefined;
  let ended: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (ended = resolve));
  const stop = () => {
    stopping ??= worker.terminate().then(() => ended());
  };
  const feed = () => {
    for (let job = held.size < FILES_IN_FLIGHT ? take() : undefined; job; job = held.size < FILES_IN_FLIGHT ? take() : undefined) {
      held.set(job.index, job);
      worker.postMessage(job);
    }
    if (held.size === 0) stop();
  };
  const failHeld = (reason: string) => {
    for (const job of held.values()) outcomes[job.index] = { messages: [`layerwise: ${job.file}: not linted, ${reason}`], failed: true };
    held.clear();
  };
  worker.on('message', (message: WorkerMessage) => {
    if ('ready' in message) return feed();
    outcomes[message.index] = message.outcome;
    held.delete(message.index);
    feed();
  });
  worker.on('error', (error) => {
    failHeld(error.message);
    ended();
  });
  worker.on('exit', (code) => {
    if (!stopping) failHeld(`its worker thread ended (exit code ${code})`);
    ended();
  });
  return { done, stopIfIdle: () => (held.size === 0 ? stop() : undefined) };
}

type WorkerMessage = { ready: true } | { index: number; outcome: LintOutcome };

function serveJobs(setup: WorkerSetup, port: MessagePort): void {
  loadTranslations(setup.locale);
  port.on('message', (job: Job) => {
    void lintFile(job.file, job.text, setup.settings).then((outcome) => port.postMessage({ index: job.index, outcome }));
  });
  // Ready for files once the shell parser is loaded (most Dockerfiles' RUNs need it; lintFile loads it otherwise,
  // and says so if it cannot).
  void initShellParser()
    .catch(() => undefined)
    .then(() => port.postMessage({ ready: true } satisfies WorkerMessage));
}

// A file named like the role on the main thread's command line is still a file: the thread decides.
if (process.argv.includes(WORKER_ROLE)) {
  if (!isMainThread && parentPort && (workerData as Partial<WorkerSetup> | undefined)?.role === WORKER_ROLE)
    serveJobs(workerData as WorkerSetup, parentPort);
}
