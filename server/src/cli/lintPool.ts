// Lints many files on all cores: the main thread and worker threads take files from one shared queue, and the
// outcomes are put back in input order, so the output does not depend on which thread linted what. A worker is this
// same module (its bundle, dist/cli-lint.js, or out/…/lintPool.js under the tests) started with WORKER_ROLE in its
// argv. node:worker_threads is loaded only when threads start (a one-file lint never needs it): its names are read
// only then, and the bundles load it on first use (scripts/build.mjs, LAZY_BUILTINS).
import { Worker, isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import * as os from 'node:os';
import { lintFile, type LintOutcome, type LintSettings } from './lintFile';
import { loadTranslations } from '../core/l10n';
import { compileShellParserModules, initShellParser, type ShellParserModules } from '../core/shell/index';
import { codeCacheFileOf, RUN_BUNDLE_IN_WORKER } from './bundleLoader';

const WORKER_ROLE = 'layerwise-lint-worker';
/** Below this many files a worker's start (loading the linter, ~0.1 s of CPU) costs more than it saves. */
export const MIN_FILES_PER_WORKER = 8;
/** Files each thread lints at once: a thread's files overlap their waits for ShellCheck's processes. */
export const FILES_IN_FLIGHT = 2;

/**
 * The queue, shared by all threads (a SharedArrayBuffer): slot 0 is the next position in the lint order, taken
 * with Atomics.add, so a worker never waits for the main thread (busy linting) to hand it a file. Slot 1 + w is
 * worker w's state: STARTING until it claims its start, RUNNING once it takes files, CANCELLED when the main thread
 * found the queue empty first (the worker then stops without taking any).
 */
const STARTING = 0;
const RUNNING = 1;
const CANCELLED = 2;

interface Input {
  file: string;
  text: string;
}

interface WorkerSetup {
  role: typeof WORKER_ROLE;
  settings: LintSettings;
  locale: string | undefined;
  inputs: readonly Input[];
  order: readonly number[];
  queue: Int32Array;
  slot: number;
}

type WorkerMessage = { index: number; outcome: LintOutcome } | { done: true };
/** The main thread's one message to a worker: the shell parser's compiled modules (undefined: it could not compile them). */
interface ShellParserMessage {
  shellParser: ShellParserModules | undefined;
}

/** How many threads lint `fileCount` files: `--jobs`, else one per core, never more than the files pay for. */
export function threadCount(fileCount: number, jobs: number | undefined): number {
  const wanted = jobs ?? os.availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(fileCount / MIN_FILES_PER_WORKER) || 1));
}

/** Input indexes, the longest text first (ties in input order). */
export function lintOrder(inputs: readonly { text: string }[]): number[] {
  return inputs.map((_, index) => index).sort((a, b) => inputs[b].text.length - inputs[a].text.length || a - b);
}

/** The next input index from the shared queue, or undefined when every file is taken. */
function takeFrom(queue: Int32Array, order: readonly number[]): number | undefined {
  const position = Atomics.add(queue, 0, 1);
  return position < order.length ? order[position] : undefined;
}

/** Lints files taken from the queue, FILES_IN_FLIGHT at a time, until it is empty. */
async function lintFromQueue(
  inputs: readonly Input[],
  order: readonly number[],
  queue: Int32Array,
  settings: LintSettings,
  done: (index: number, outcome: LintOutcome) => void,
): Promise<void> {
  const lane = async () => {
    for (let index = takeFrom(queue, order); index !== undefined; index = takeFrom(queue, order)) {
      done(index, await lintFile(inputs[index].file, inputs[index].text, settings));
      // Lets the thread's messages (results in, results out) through between files.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, lane));
}

export async function lintAll(
  inputs: readonly Input[],
  settings: LintSettings,
  threads: number,
  locale: string | undefined,
): Promise<LintOutcome[]> {
  const outcomes: LintOutcome[] = new Array(inputs.length);
  // The largest files first: the last files taken are small, so no thread is left with a big one alone at the end
  // while the others wait. Outcomes keep their input index, so the output order does not change.
  const order = lintOrder(inputs);
  const queue = new Int32Array(new SharedArrayBuffer(4 * threads));
  // The shell parser's WebAssembly is compiled once, here (off the thread, while the workers start), and the
  // workers only instantiate it: each would otherwise compile 1.5 MB itself (~27 ms of CPU) before its first file.
  const shellParser = threads > 1 ? compileShellParserModules().catch(() => undefined) : undefined;
  const workers = Array.from({ length: threads - 1 }, (_, w) =>
    runWorker({ role: WORKER_ROLE, settings, locale, inputs, order, queue, slot: 1 + w }, outcomes),
  );
  void shellParser?.then((modules) => workers.forEach((worker) => worker.post({ shellParser: modules })));
  // The main thread lints too, from the first moment (the workers are still starting).
  await lintFromQueue(inputs, order, queue, settings, (index, outcome) => (outcomes[index] = outcome));
  // Every file is taken: a worker that has not started taking files is not waited for.
  await Promise.all(workers.map((worker) => worker.finish()));
  // A worker that died loses the files it had taken: they are reported, never dropped.
  for (let index = 0; index < inputs.length; index++)
    outcomes[index] ??= { messages: [`layerwise: ${inputs[index].file}: not linted, its worker thread failed`], failed: true };
  return outcomes;
}

/** One worker thread; `finish` stops it if it has not started taking files, else waits until it is done. */
function runWorker(setup: WorkerSetup, outcomes: LintOutcome[]): { post(message: ShellParserMessage): void; finish(): Promise<void> } {
  // In the bundle, loaded with the code cache (cli/bundleLoader.ts): the workers use that cache too.
  const cacheFile = codeCacheFileOf(__filename);
  const worker = cacheFile
    ? new Worker(RUN_BUNDLE_IN_WORKER, { eval: true, workerData: { ...setup, bundle: __filename, cacheFile }, argv: [WORKER_ROLE] })
    : new Worker(__filename, { workerData: setup, argv: [WORKER_ROLE] });
  // Settled when the worker said it is done, or died, or stopped.
  let isSettled = false;
  let resolveSettled: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (resolveSettled = resolve));
  const settle = () => {
    isSettled = true;
    resolveSettled();
  };
  worker.on('message', (message: WorkerMessage) => {
    if ('done' in message) {
      // Every outcome came before this message (one port, in order): the output is written while the thread
      // stops (~10 ms), not after.
      settle();
      void worker.terminate();
    } else outcomes[message.index] = message.outcome;
  });
  worker.on('error', () => settle());
  worker.on('exit', () => settle());
  return {
    post: (message) => {
      if (!isSettled) worker.postMessage(message);
    },
    finish: async () => {
      if (Atomics.compareExchange(setup.queue, setup.slot, STARTING, CANCELLED) === STARTING) await worker.terminate();
      await settled;
    },
  };
}

function serveQueue(setup: WorkerSetup, port: MessagePort): void {
  loadTranslations(setup.locale);
  // Files are taken once the shell parser is loaded from the modules the main thread compiled (most Dockerfiles'
  // RUNs need it; lintFile loads it otherwise, and says so if it cannot), unless the main thread has found the
  // queue empty by then.
  const compiled = new Promise<ShellParserModules | undefined>((resolve) =>
    port.once('message', (message: ShellParserMessage) => resolve(message.shellParser)),
  );
  void compiled
    .then((modules) => initShellParser(modules))
    .catch(() => undefined)
    .then(async () => {
      if (Atomics.compareExchange(setup.queue, setup.slot, STARTING, RUNNING) === STARTING)
        await lintFromQueue(setup.inputs, setup.order, setup.queue, setup.settings, (index, outcome) =>
          port.postMessage({ index, outcome } satisfies WorkerMessage),
        );
      port.postMessage({ done: true } satisfies WorkerMessage);
    });
}

// A file named like the role on the main thread's command line is still a file: the thread decides.
if (process.argv.includes(WORKER_ROLE)) {
  if (!isMainThread && parentPort && (workerData as Partial<WorkerSetup> | undefined)?.role === WORKER_ROLE)
    serveQueue(workerData as WorkerSetup, parentPort);
}
