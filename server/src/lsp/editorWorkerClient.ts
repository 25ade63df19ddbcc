// The editor worker (editorWorker.ts) under a time budget, so a slow text never delays our diagnostics or another
// request. Tasks run one at a time; one that overruns the budget terminates the worker (the next task starts a
// fresh one) and answers with nothing. Texts over a size limit are not sent at all.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Diagnostic } from 'vscode-languageserver';
import type { EditorWorkerMessage, EditorWorkerTask } from './editorWorker';
import type { EditorServiceParams, EditorServiceRequest, EditorServiceResult } from './editorServiceRequests';

/**
 * Texts up to this size get their syntax checks and dockerfile-language-service requests inline (milliseconds);
 * larger ones in the editor worker, so they never hold up diagnostics.
 */
export const WORKER_MIN_CHARS = 16_000;

/** Semantic tokens above this size get none: the editor's grammar still colours the text. */
export const SEMANTIC_TOKENS_MAX_CHARS = 128_000;
/**
 * Syntax checks above this size are skipped. dockerfile-utils needs about 1 s of CPU for the generated
 * 20,000-line (1 MB) file of the benches, in the worker under its time budget, never before our diagnostics.
 */
export const SYNTAX_MAX_CHARS = 1_200_000;
export const EDITOR_WORKER_BUDGET_MS = 5_000;
/** Syntax checks get the budget per this many characters (a 1 MB text: 20 s; it is off our diagnostics' path). */
export const SYNTAX_BUDGET_CHARS = 250_000;

export class EditorWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: (message: string) => void,
    private readonly script = path.join(__dirname, 'editorWorker.js'),
    private readonly baseBudgetMs = EDITOR_WORKER_BUDGET_MS,
  ) {}

  /** The semantic tokens' data array; empty when the text is too large, the budget ran out or the service failed. */
  semanticTokens(text: string, isCancelled: () => boolean = () => false): Promise<number[]> {
    if (text.length > SEMANTIC_TOKENS_MAX_CHARS) return Promise.resolve([]);
    return this.enqueue<number[]>('semanticTokens', text, isCancelled).then((data) => data ?? []);
  }

  /** dockerfile-utils' syntax problems; undefined when skipped (size, budget, failure — logged). */
  syntax(text: string, isCancelled: () => boolean = () => false): Promise<Diagnostic[] | undefined> {
    if (text.length > SYNTAX_MAX_CHARS) return Promise.resolve(undefined);
    return this.enqueue<Diagnostic[]>('syntax', text, isCancelled);
  }

  /**
   * A dockerfile-language-service request's answer (editorServiceRequests.ts); undefined when the budget ran out or
   * the service failed (`onError` hears why; a timeout is logged).
   */
  editorRequest<K extends EditorServiceRequest>(
    kind: K,
    text: string,
    params: EditorServiceParams<K>,
    isCancelled: () => boolean = () => false,
    onError: (message: string) => void = (message) => this.log(`${kind} failed and was skipped: ${message}`),
  ): Promise<EditorServiceResult<K> | undefined> {
    return this.enqueue<EditorServiceResult<K>>('request', text, isCancelled, { kind, params }, onError);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private enqueue<T>(
    task: EditorWorkerTask,
    text: string,
    isCancelled: () => boolean,
    request?: Pick<EditorWorkerMessage, 'kind' | 'params'>,
    onError: (message: string) => void = (message) => this.log(`${task} failed and was skipped: ${message}`),
  ): Promise<T | undefined> {
    const result = this.queue.then(() => (isCancelled() ? undefined : this.run<T>({ id: 0, task, text, ...request }, onError)));
    this.queue = result;
    return result;
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('error', (error) => {
      this.log(`Editor worker failed: ${error.message}`);
      if (this.worker === worker) this.worker = undefined;
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
    });
    return worker;
  }

  private run<T>(message: EditorWorkerMessage, onError: (message: string) => void): Promise<T | undefined> {
    const { task, text } = message;
    const label = message.kind ?? task;
    const budgetMs = task === 'syntax' ? this.baseBudgetMs * Math.max(1, text.length / SYNTAX_BUDGET_CHARS) : this.baseBudgetMs;
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = this.worker ??= this.start();
      } catch (error) {
        this.log(`Editor worker unavailable: ${error instanceof Error ? error.message : String(error)}`);
        resolve(undefined);
        return;
      }
      const id = this.nextId++;
      const finish = (result: T | undefined) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(result);
      };
      const onMessage = (reply: { id: number; result?: T; error?: string }) => {
        if (reply.id !== id) return;
        if (reply.error !== undefined) onError(reply.error);
        finish(reply.result);
      };
      const onExit = () => finish(undefined);
      const timer = setTimeout(() => {
        this.log(`${label} took longer than ${Math.round(budgetMs)} ms and was skipped (${text.length} characters)`);
        this.dispose();
        finish(undefined);
      }, budgetMs);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage({ ...message, id });
    });
  }
}
