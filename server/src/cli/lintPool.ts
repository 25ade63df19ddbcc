// Lints many files on all cores. A file's lint is two tasks, its analysis (our rules, ShellCheck) and its syntax
// checks (dockerfile-utils), each kind with its own queue shared by all threads. A thread takes from its home queue
// first (the main thread: analysis, the first worker: syntax checks, and so on alternately) and from the other once
// that is empty: run cold, most of either body of code's time is V8 warming it up, and a thread that runs one kind
// only warms up one. The outcomes are put back in input order, so the output does not depend on which thread did
// what. A worker is this same module (its bundle, dist/cli-lint.js, or out/…/lintPool.js under the tests) started
// with WORKER_ROLE in its argv. node:worker_threads is loaded only when threads start (a one-file lint never needs
// it): its names are read only then, and the bundles load it on first use (scripts/build.mjs, LAZY_BUILTINS).
import { isMainThread, parentPort, workerData, type MessagePort, type Worker } from 'node:worker_threads';
import * as os from 'node:os';
import { analyzeFile, checkSyntax, withSyntax, type LintOutcome, type LintSettings, type SyntaxOutcome } from './lintFile';
import { loadTranslations } from '../core/l10n';
import { compileShellParserModules, initShellParser, type ShellParserModules } from '../core/shell/index';
import { codeCacheFileOf } from './bundleLoader';
import { MIN_FILES_PER_WORKER, startLintWorker, takeEarlyLintWorkers, WORKER_ROLE } from './lintEarly';

export { MIN_FILES_PER_WORKER } from './lintEarly';

/** Files each thread lints at once: a thread's files overlap their waits for ShellCheck's processes. */
export const FILES_IN_FLIGHT = 2;

/**
 * The queues, shared by all threads (a SharedArrayBuffer): slot ANALYSIS and slot SYNTAX are each kind's next
 * position in the lint order, taken with Atomics.add, so a worker never waits for the main thread (busy linting) to
 * hand it a file. Slot WORKER_SLOTS + w is worker w's state: STARTING until it claims its start, RUNNING once it
 * takes tasks, CANCELLED when the main thread found both queues empty first (the worker then stops without taking any).
 */
const ANALYSIS = 0;
const SYNTAX = 1;
type Kind = typeof ANALYSIS | typeof SYNTAX;
const WORKER_SLOTS = 2;
const STARTING = 0;
const RUNNING = 1;
const CANCELLED = 2;

interface Input {
  file: string;
  text: string;
}

/** A worker's work: its first message (a worker may start before the files are known, cli/lintEarly.ts). */
interface WorkerSetup {
  settings: LintSettings;
  locale: string | undefined;
  inputs: readonly Input[];
  order: readonly number[];
  queue: Int32Array;
  slot: number;
  home: Kind;
}

type WorkerMessage = { index: number; analysis: LintOutcome } | { index: number; syntax: SyntaxOutcome } | { done: true };
/**
 * The main thread's messages to a worker: its setup, then the shell parser's compiled modules (undefined: it could
 * not compile them).
 */
type MainMessage = { setup: WorkerSetup } | { shellParser: ShellParserModules | undefined };

/** How many threads lint `fileCount` files: `--jobs`, else one per core, never more than the files pay for. */
export function threadCount(fileCount: number, jobs: number | undefined): number {
  const wanted = jobs ?? os.availableParallelism();
  return Math.max(1, Math.min(wanted, Math.floor(fileCount / MIN_FILES_PER_WORKER) || 1));
}

/** Input indexes, the longest text first (ties in input order). */
export function lintOrder(inputs: readonly { text: string }[]): number[] {
  return inputs.map((_, index) => index).sort((a, b) => inputs[b].text.length - inputs[a].text.length || a - b);
}

/** The next input index of one kind's queue, or undefined when every file's task of that kind is taken. */
function takeFrom(queue: Int32Array, kind: Kind, order: readonly number[]): number | undefined {
  const position = Atomics.add(queue, kind, 1);
  return position < order.length ? order[position] : undefined;
}

/** The home kind of thread `thread` (0: the main thread): analysis and syntax checks alternately. */
function homeKind(thread: number): Kind {
  return thread % 2 === 0 ? ANALYSIS : SYNTAX;
}

interface TaskDone {
  analysis(index: number, outcome: LintOutcome): void;
  syntax(index: number, outcome: SyntaxOutcome): void;
}

/**
 * Does tasks from the home queue, then from the other, FILES_IN_FLIGHT analyses at a time (a thread's files overlap
 * their waits for ShellCheck's processes), until both are empty. `beforeAnalysis` is awaited once, before this
 * thread's first analysis (a worker's shell parser).
 */
async function tasksFromQueues(
  inputs: readonly Input[],
  order: readonly number[],
  queue: Int32Array,
  home: Kind,
  settings: LintSettings,
  done: TaskDone,
  beforeAnalysis: () => Promise<void> = async () => undefined,
): Promise<void> {
  let ready: Promise<void> | undefined;
  const lane = async () => {
    for (const kind of [home, 1 - home] as Kind[]) {
      for (let index = takeFrom(queue, kind, order); index !== undefined; index = takeFrom(queue, kind, order)) {
        const { file, text } = inputs[index];
        if (kind === SYNTAX) done.syntax(index, checkSyntax(file, text));
        else {
          await (ready ??= beforeAnalysis());
          done.analysis(index, await analyzeFile(file, text, settings));
        }
        // Lets the thread's messages (results in, results out) through between tasks.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
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
  const analyses: LintOutcome[] = new Array(inputs.length);
  const syntaxes: SyntaxOutcome[] = new Array(inputs.length);
  const done: TaskDone = {
    analysis: (index, outcome) => (analyses[index] = outcome),
    syntax: (index, outcome) => (syntaxes[index] = outcome),
  };
  // The largest files first: the last files taken are small, so no thread is left with a big one alone at the end
  // while the others wait. Outcomes keep their input index, so the output order does not change.
  const order = lintOrder(inputs);
  const queue = new Int32Array(new SharedArrayBuffer(4 * (WORKER_SLOTS + threads - 1)));
  // The shell parser's WebAssembly is compiled once, here (off the thread, while the workers start), and the
  // workers only instantiate it: each would otherwise compile 1.5 MB itself (~27 ms of CPU) before its first file.
  const shellParser = threads > 1 ? compileShellParserModules().catch(() => undefined) : undefined;
  // Threads started while the command loaded (cli/lintEarly.ts) first, then new ones.
  const early = takeEarlyLintWorkers(threads - 1);
  const workers = Array.from({ length: threads - 1 }, (_, w) =>
    runWorker(early[w], { settings, locale, inputs, order, queue, slot: WORKER_SLOTS + w, home: homeKind(1 + w) }, done),
  );
  void shellParser?.then((modules) => workers.forEach((worker) => worker.post({ shellParser: modules })));
  // The main thread works too, from the first moment (the workers are still starting).
  await tasksFromQueues(inputs, order, queue, homeKind(0), settings, done);
  // Every task is taken: a worker that has not started taking tasks is not waited for.
  await Promise.all(workers.map((worker) => worker.finish()));
  // A worker that died loses the tasks it had taken: their files are reported, never dropped.
  return inputs.map((input, index) =>
    analyses[index] && syntaxes[index]
      ? withSyntax(analyses[index], syntaxes[index])
      : { messages: [`layerwise: ${input.file}: not linted, its worker thread failed`], failed: true },
  );
}

/**
 * One worker thread (one started early, or a new one) given its work; `finish` stops it if it has not started taking
 * tasks, else waits until it is done.
 */
function runWorker(
  started: Worker | undefined,
  setup: WorkerSetup,
  done: TaskDone,
): { post(message: MainMessage): void; finish(): Promise<void> } {
  // In the bundle, loaded with the code cache (cli/bundleLoader.ts): the workers use that cache too.
  const cacheFile = codeCacheFileOf(__filename);
  const worker = started ?? startLintWorker(cacheFile ? { bundle: __filename, cacheFile } : { module: __filename });
  worker.postMessage({ setup } satisfies MainMessage);
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
      // stops (~10 ms), and the process does not wait for it to end (unref) before exiting.
      settle();
      worker.unref();
      void worker.terminate();
    } else if ('analysis' in message) done.analysis(message.index, message.analysis);
    else done.syntax(message.index, message.syntax);
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

function serveQueue(port: MessagePort): void {
  // Analyses wait for the shell parser loaded from the modules the main thread compiled (most Dockerfiles' RUNs
  // need it; analyzeFile loads it otherwise, and says so if it cannot); syntax checks need no parser.
  let resolveCompiled: (modules: ShellParserModules | undefined) => void = () => undefined;
  const compiled = new Promise<ShellParserModules | undefined>((resolve) => (resolveCompiled = resolve));
  const parserReady = () =>
    compiled
      .then((modules) => initShellParser(modules))
      .catch(() => undefined)
      .then(() => undefined);
  port.on('message', (message: MainMessage) => {
    if ('shellParser' in message) return resolveCompiled(message.shellParser);
    const { setup } = message;
    loadTranslations(setup.locale);
    // Unless the main thread has found both queues empty by now.
    const work =
      Atomics.compareExchange(setup.queue, setup.slot, STARTING, RUNNING) === STARTING
        ? tasksFromQueues(
            setup.inputs,
            setup.order,
            setup.queue,
            setup.home,
            setup.settings,
            {
              analysis: (index, analysis) => port.postMessage({ index, analysis } satisfies WorkerMessage),
              syntax: (index, syntax) => port.postMessage({ index, syntax } satisfies WorkerMessage),
            },
            parserReady,
          )
        : Promise.resolve();
    void work.then(() => port.postMessage({ done: true } satisfies WorkerMessage));
  });
}

// A file named like the role on the main thread's command line is still a file: the thread decides.
if (process.argv.includes(WORKER_ROLE)) {
  if (!isMainThread && parentPort && (workerData as { role?: string } | undefined)?.role === WORKER_ROLE) serveQueue(parentPort);
}
