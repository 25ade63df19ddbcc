// Decides when to analyse a changed document: a throttle whose window adapts to the cost of the last analysis.
// A change after a quiet spell is analysed on the next tick (changes that arrived together still coalesce), so
// diagnostics follow a keystroke by the analysis time alone. Changes that keep coming within the window (twice
// the last analysis time, at most 200 ms; none for analyses under a frame's worth of time) are coalesced into one
// run at the window's end, so a 20,000-line file does not re-analyse on every keystroke of fast typing.
// A newer version cancels the pending run, and results for a version that is no longer current are never published.
export const CHEAP_ANALYSIS_MS = 8;
export const MAX_WINDOW_MS = 200;

/** Time and timers; the tests pass a clock they advance by hand, so they check the order of runs, not real time. */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// No delay runs on the next turn of the event loop (setImmediate): Node's setTimeout(0) waits at least 1 ms,
// a fifteenth of the frame budget. Changes read together still coalesce.
const SYSTEM_CLOCK: SchedulerClock = {
  now: () => performance.now(),
  // The handle is the function that cancels the timer or the immediate.
  setTimeout: (callback, ms) => {
    if (ms > 0) {
      const timer = setTimeout(callback, ms);
      return () => clearTimeout(timer);
    }
    const immediate = setImmediate(callback);
    return () => clearImmediate(immediate);
  },
  clearTimeout: (handle) => (handle as () => void)(),
};

export class DiagnosticsScheduler {
  private readonly pending = new Map<string, unknown>();
  private readonly last = new Map<string, { costMs: number; endedAt: number }>();

  constructor(
    private readonly isCurrent: (uri: string, version: number) => boolean,
    private readonly run: (uri: string, version: number) => void,
    private readonly clock: SchedulerClock = SYSTEM_CLOCK,
  ) {}

  /** The delay before analysing a change now: 0 after a quiet spell, else the rest of the throttle window. */
  delayFor(uri: string, now = this.clock.now()): number {
    const last = this.last.get(uri);
    if (!last || last.costMs < CHEAP_ANALYSIS_MS) return 0;
    const window = Math.min(MAX_WINDOW_MS, 2 * last.costMs);
    return Math.max(0, last.endedAt + window - now);
  }

  schedule(uri: string, version: number, immediately = false): void {
    this.cancel(uri);
    const timer = this.clock.setTimeout(
      () => {
        this.pending.delete(uri);
        if (!this.isCurrent(uri, version)) return;
        const started = this.clock.now();
        this.run(uri, version);
        const endedAt = this.clock.now();
        this.last.set(uri, { costMs: endedAt - started, endedAt });
      },
      immediately ? 0 : this.delayFor(uri),
    );
    this.pending.set(uri, timer);
  }

  cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer !== undefined) this.clock.clearTimeout(timer);
    this.pending.delete(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.last.delete(uri);
  }
}
