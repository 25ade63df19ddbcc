import * as assert from 'node:assert/strict';
import { DiagnosticsScheduler } from '../../../server/src/lsp/diagnosticsScheduler';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('diagnostics scheduler', () => {
  it('analyses a change after a quiet spell at once, and only the newest of a burst', async () => {
    const runs: number[] = [];
    let current = 0;
    const scheduler = new DiagnosticsScheduler((_, v) => v === current, (_, v) => runs.push(v));
    for (current = 1; current <= 5; current++) scheduler.schedule('u', current);
    current = 5;
    await tick(5);
    assert.deepEqual(runs, [5], 'a burst in one tick is one analysis, of the newest version');
  });

  it('throttles an expensive document: changes within the window wait for its end, then one run', async () => {
    const runs: number[] = [];
    let current = 1;
    const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end) { /* a 20 ms analysis */ } };
    const scheduler = new DiagnosticsScheduler((_, v) => v === current, (_, v) => { runs.push(v); busy(20); });
    scheduler.schedule('u', 1);
    await tick(5);
    assert.deepEqual(runs, [1]);
    assert.ok(scheduler.delayFor('u') > 0, 'right after a 20 ms analysis the window is open');
    current = 2; scheduler.schedule('u', 2);
    current = 3; scheduler.schedule('u', 3);
    await tick(5);
    assert.deepEqual(runs, [1], 'changes inside the window are held');
    await tick(60);
    assert.deepEqual(runs, [1, 3], 'one run for the newest version at the window end');
    await tick(60);
    assert.equal(scheduler.delayFor('u'), 0, 'after a quiet spell the next change runs at once');
  });

  it('never publishes a version that is no longer current', async () => {
    const runs: number[] = [];
    const scheduler = new DiagnosticsScheduler(() => false, (_, v) => runs.push(v));
    scheduler.schedule('u', 1, true);
    await tick(5);
    assert.deepEqual(runs, []);
  });
});
