// Decides when to analyse a changed document. The debounce adapts to the cost of the last analysis:
// a file analysed in under a frame's worth of time gets diagnostics on the next tick (changes that
// arrived together still coalesce), a costlier one waits twice its cost (at most 200 ms), so a
// 20,000-line file does not re-analyse on every keystroke. A newer version cancels the pending run, and results
// for a version that is no longer current are never published.
const CHEAP_ANALYSIS_MS = 8;

export class DiagnosticsScheduler {
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lastCostMs = new Map<string, number>();

  constructor(
    private readonly isCurrent: (uri: string, version: number) => boolean,
    private readonly run: (uri: string, version: number) => void,
  ) {}

  schedule(uri: string, version: number, immediately = false): void {
    this.cancel(uri);
    const cost = this.lastCostMs.get(uri) ?? 0;
    const delay = immediately || cost < CHEAP_ANALYSIS_MS ? 0 : Math.min(200, 2 * cost);
    const timer = setTimeout(() => {
      this.pending.delete(uri);
      if (!this.isCurrent(uri, version)) return;
      const started = performance.now();
      this.run(uri, version);
      this.lastCostMs.set(uri, performance.now() - started);
    }, delay);
    this.pending.set(uri, timer);
  }

  cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer) clearTimeout(timer);
    this.pending.delete(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.lastCostMs.delete(uri);
  }
}
