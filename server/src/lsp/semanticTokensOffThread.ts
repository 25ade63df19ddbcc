// Semantic tokens in a worker thread under a time budget, so a slow text never delays diagnostics or
// another request. Requests run one at a time; one that overruns the budget terminates the worker (the next
// request starts a fresh one) and answers with no tokens. Texts over a size limit get no tokens at all:
// the editor's grammar still colours them.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';

export const SEMANTIC_TOKENS_MAX_CHARS = 32_000;
export const SEMANTIC_TOKENS_BUDGET_MS = 5_000;

export class SemanticTokensOffThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: (message: string) => void,
    private readonly script = path.join(__dirname, 'semanticTokensWorker.js'),
    private readonly budgetMs = SEMANTIC_TOKENS_BUDGET_MS,
  ) {}

  /** The tokens' data array; empty when the text is too large, the budget ran out or the service failed. */
  compute(text: string, isCancelled: () => boolean = () => false): Promise<number[]> {
    if (text.length > SEMANTIC_TOKENS_MAX_CHARS) return Promise.resolve([]);
    const result = this.queue.then(() => (isCancelled() ? [] : this.run(text)));
    this.queue = result;
    return result;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    const worker = new Worker(this.script);
    worker.unref();
    worker.on('error', (error) => {
      this.log(`Semantic tokens worker failed: ${error.message}`);
      if (this.worker === worker) this.worker = undefined;
    });
    worker.on('exit', () => { if (this.worker === worker) this.worker = undefined; });
    return worker;
  }

  private run(text: string): Promise<number[]> {
    return new Promise((resolve) => {
      let worker: Worker;
      try {
        worker = this.worker ??= this.start();
      } catch (error) {
        this.log(`Semantic tokens worker unavailable: ${error instanceof Error ? error.message : String(error)}`);
        resolve([]);
        return;
      }
      const id = this.nextId++;
      const finish = (data: number[]) => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('exit', onExit);
        resolve(data);
      };
      const onMessage = (message: { id: number; data?: number[]; error?: string }) => {
        if (message.id !== id) return;
        if (message.error) this.log(`Semantic tokens failed and were skipped: ${message.error}`);
        finish(message.data ?? []);
      };
      const onExit = () => finish([]);
      const timer = setTimeout(() => {
        this.log(`Semantic tokens took longer than ${this.budgetMs} ms and were skipped (${text.length} characters)`);
        this.dispose();
        finish([]);
      }, this.budgetMs);
      worker.on('message', onMessage);
      worker.on('exit', onExit);
      worker.postMessage({ id, text });
    });
  }
}
