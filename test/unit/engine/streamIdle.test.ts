import * as assert from 'node:assert/strict';
import { streamIdleMs, watchSilence, DEFAULT_STREAM_IDLE_MS } from '../../../server/src/core/engine/streamIdle';

describe('engine stream idle limit', () => {
  it('reads the limit from the option, then LAYERWISE_ENGINE_IDLE_TIMEOUT_MS, then the default', () => {
    assert.equal(streamIdleMs(250, { LAYERWISE_ENGINE_IDLE_TIMEOUT_MS: '900' }), 250);
    assert.equal(streamIdleMs(undefined, { LAYERWISE_ENGINE_IDLE_TIMEOUT_MS: '900' }), 900);
    for (const bad of ['', 'x', '-5', '0'])
      assert.equal(streamIdleMs(undefined, { LAYERWISE_ENGINE_IDLE_TIMEOUT_MS: bad }), DEFAULT_STREAM_IDLE_MS);
  });

  it('silence while the reader waits is reported idle, after pieces that kept it alive', async () => {
    let arrivals = 0;
    let watch: ReturnType<typeof watchSilence> | undefined;
    // Pieces every 10 ms for 600 ms keep a 150 ms watch quiet (four times its limit); then silence ends it.
    await new Promise<void>((resolve) => {
      watch = watchSilence(150, () => false, resolve);
      const feeder = setInterval(() => {
        watch!.arrived();
        if (++arrivals === 60) clearInterval(feeder);
      }, 10);
    });
    assert.equal(arrivals, 60, 'reported idle while pieces were still arriving');
  });

  it('a reader that is busy (paused by back-pressure, a layer inflating) is not idle, and is once it waits again', async () => {
    let busy = true;
    let idle = false;
    const watch = watchSilence(
      20,
      () => busy,
      () => {
        idle = true;
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(idle, false);
    busy = false;
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (idle) {
          clearInterval(poll);
          resolve();
        }
      }, 5);
    });
    watch.stop();
  });
});
