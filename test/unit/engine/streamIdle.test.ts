import * as assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { streamIdleMs, watchIdle, DEFAULT_STREAM_IDLE_MS } from '../../../server/src/core/engine/streamIdle';

describe('engine stream idle limit', () => {
  it('reads the limit from the option, then LAYERWISE_ENGINE_IDLE_TIMEOUT_MS, then the default', () => {
    assert.equal(streamIdleMs(250, { LAYERWISE_ENGINE_IDLE_TIMEOUT_MS: '900' }), 250);
    assert.equal(streamIdleMs(undefined, { LAYERWISE_ENGINE_IDLE_TIMEOUT_MS: '900' }), 900);
    for (const bad of ['', 'x', '-5', '0'])
      assert.equal(streamIdleMs(undefined, { LAYERWISE_ENGINE_IDLE_TIMEOUT_MS: bad }), DEFAULT_STREAM_IDLE_MS);
  });

  it('a silent stream whose reader waits is reported idle', async () => {
    const source = new PassThrough();
    source.pipe(
      new Writable({
        write(_chunk, _encoding, callback) {
          callback();
        },
      }),
    );
    source.write('some bytes, then silence');
    await new Promise<void>((resolve) => watchIdle(source, 30, resolve));
    source.destroy();
  });

  it('a stream paused by a slow reader (back-pressure) is not idle', async () => {
    const source = new PassThrough({ highWaterMark: 4 });
    let release: (() => void) | undefined;
    // The reader takes the first chunk and then holds on: back-pressure pauses the source.
    source.pipe(
      new Writable({
        highWaterMark: 1,
        write(_chunk, _encoding, callback) {
          release = callback;
        },
      }),
    );
    let idle = false;
    const stop = watchIdle(source, 20, () => {
      idle = true;
    });
    for (let i = 0; i < 10; i++) source.write('0123456789');
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(source.isPaused(), true);
    assert.equal(idle, false);
    stop();
    release?.();
    source.destroy();
  });
});
