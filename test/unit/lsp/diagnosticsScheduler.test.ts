// The throttle's decisions — which version runs, when a change waits — checked on a clock the test advances by hand:
// the order and outcome of runs, not real milliseconds (a loaded machine must not fail it; speed is `npm run bench`).
import * as assert from 'node:assert/strict';
import { DiagnosticsScheduler, MAX_WINDOW_MS, type SchedulerClock } from '../../../server/src/lsp/diagnosticsScheduler';

/** Virtual time: timers fire only inside advance(), in the order they fall due. */
class ManualClock implements SchedulerClock {
  private time = 0;
  private timers: { at: number; seq: number; callback: () => void }[] = [];
  private seq = 0;
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const timer = { at: this.time + Math.max(0, ms), seq: this.seq++, callback };
    this.timers.push(timer);
    return timer;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t !== handle);
  }
  /** Time spent inside a run (the analysis's cost). */
  spend(ms: number): void {
    this.time += ms;
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = Math.max(this.time, end);
  }
}

describe('diagnostics scheduler', () => {
  it('analyses only the newest of a burst (system clock: outcome only)', async () => {
    const runs: number[] = [];
    let current = 0;
    const scheduler = new DiagnosticsScheduler(
      (_, v) => v === current,
      (_, v) => runs.push(v),
    );
    for (current = 1; current <= 5; current++) scheduler.schedule('u', current);
    current = 5;
    while (runs.length === 0) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.deepEqual(runs, [5], 'a burst in one tick is one analysis, of the newest version');
  });

  it('analyses a change after a quiet spell at once', () => {
    const clock = new ManualClock();
    const runs: number[] = [];
    const scheduler = new DiagnosticsScheduler(
      () => true,
      (_, v) => {
        runs.push(v);
        clock.spend(20);
      },
      clock,
    );
    scheduler.schedule('u', 1);
    clock.advance(0);
    assert.deepEqual(runs, [1], 'the first change runs without waiting');
    clock.advance(1000);
    assert.equal(scheduler.delayFor('u'), 0, 'after a quiet spell the next change runs at once');
    scheduler.schedule('u', 2);
    clock.advance(0);
    assert.deepEqual(runs, [1, 2]);
  });

  it('throttles an expensive document: changes within the window wait for its end, then one run of the newest', () => {
    const clock = new ManualClock();
    const runs: number[] = [];
    let current = 1;
    const scheduler = new DiagnosticsScheduler(
      (_, v) => v === current,
      (_, v) => {
        runs.push(v);
        clock.spend(20);
      },
      clock,
    );
    scheduler.schedule('u', 1);
    clock.advance(0);
    assert.deepEqual(runs, [1]);
    const window = scheduler.delayFor('u');
    assert.ok(window > 0, 'right after an expensive analysis the window is open');
    current = 2;
    scheduler.schedule('u', 2);
    current = 3;
    scheduler.schedule('u', 3);
    clock.advance(window - 1);
    assert.deepEqual(runs, [1], 'changes inside the window are held');
    clock.advance(1);
    assert.deepEqual(runs, [1, 3], 'one run for the newest version at the window end');
  });

  it('keeps the window of a very expensive analysis bounded, and none for a cheap one', () => {
    const clock = new ManualClock();
    let cost = 5_000;
    const scheduler = new DiagnosticsScheduler(
      () => true,
      () => clock.spend(cost),
      clock,
    );
    scheduler.schedule('slow', 1);
    clock.advance(0);
    assert.equal(scheduler.delayFor('slow'), MAX_WINDOW_MS);
    cost = 1;
    scheduler.schedule('fast', 1);
    clock.advance(0);
    assert.equal(scheduler.delayFor('fast'), 0);
  });

  it('never publishes a version that is no longer current, and forgets a closed document', () => {
    const clock = new ManualClock();
    const runs: string[] = [];
    let current = true;
    const scheduler = new DiagnosticsScheduler(
      () => current,
      (uri, v) => {
        runs.push(`${uri}@${v}`);
        clock.spend(50);
      },
      clock,
    );
    current = false;
    scheduler.schedule('u', 1, true);
    clock.advance(0);
    assert.deepEqual(runs, []);
    current = true;
    scheduler.schedule('u', 2);
    clock.advance(0);
    scheduler.schedule('u', 3);
    scheduler.forget('u');
    clock.advance(1000);
    assert.deepEqual(runs, ['u@2'], 'the pending run of a forgotten document is cancelled');
  });
});
