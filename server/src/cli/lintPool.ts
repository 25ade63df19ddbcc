// Lints many files on all cores: the main thread and worker threads take files from one queue, and the outcomes
// are put back in input order, so the output does not depend on which thread linted what. A worker is this same
// module (its bundle, dist/cli-lint.js, or out/…/lintPool.js under the tests) started with WORKER_ROLE in its argv.
// node:worker_threads is loaded only when threads start (a one-file lint never needs it): its names are read only
// then, and the bundles load it on first use (scripts/build.mjs, LAZY_BUILTINS).
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as os from 'node:os';
import { lintFile, type LintOutcome, type LintSettings } from './lintFile';
import { loadTranslations } from '../core/l10n';

const WORKER_ROLE = 'layerwise-lint-worker';
/** Below this many files a worker's start (loading the linter, ~0.1 s of CPU) costs more than it saves. */
export const MIN_FILES_PER_WORKER = 8;

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
  let next = 0;
  const take = (): Job | undefined => (next < inputs.length ? { index: next, ...inputs[next++] } : undefined);
  const workers = Array.from({ length: threads - 1 }, () => runWorker({ role: WORKER_ROLE, settings, locale }, take, outcomes));
  // The main thread lints too; it yields between files so the workers are handed their next file meanwhile.
  for (let job = take(); job; job = take()) {
    outcomes[job.index] = await lintFile(job.file, job.text, settings);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(workers);
  return outcomes;
}

/** One worker: fed one file at a time from `take` until the queue is empty. A worker that dies fails its file. */
function runWorker(setup: WorkerSetup, take: () => Job | undefined, outcomes: LintOutcome[]): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(__filename, { workerData: setup, argv: [WORKER_ROLE] });
    let current: Job | undefined;
    const feed = () => {
      current = take();
      if (current) worker.postMessage(current);
      else void worker.terminate().then(() => resolve());
    };
    worker.on('message', (outcome: LintOutcome) => {
      if (current) outcomes[current.index] = outcome;
      feed();
    });
    worker.on('error', (error) => {
      if (current) outcomes[current.index] = { messages: [`layerwise: ${current.file}: not linted, ${error.message}`], failed: true };
      resolve();
    });
    worker.once('online', feed);
  });
}

function serveJobs(setup: WorkerSetup, port: MessagePort): void {
  loadTranslations(setup.locale);
  port.on('message', (job: Job) => {
    void lintFile(job.file, job.text, setup.settings).then((outcome) => port.postMessage(outcome));
  });
}

// A file named like the role on the main thread's command line is still a file: the thread decides.
if (process.argv.includes(WORKER_ROLE)) {
  if (!isMainThread && parentPort && (workerData as Partial<WorkerSetup> | undefined)?.role === WORKER_ROLE)
    serveJobs(workerData as WorkerSetup, parentPort);
}
