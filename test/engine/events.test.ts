// The image event stream against the real engine: a build, a tag, an untag and a delete each arrive within
// a second, and a watcher pointed at an engine that is not there reports it unreachable (no throw, no poll).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { openEngine } from '../../server/src/core/engine/connection';
import { watchImageEvents, type ImageEvent, type ImageEventWatcher } from '../../server/src/core/engine/events';
import { buildImage, docker, makeContext, removeTestImages, rememberImage, uniqueTag } from './engineFixtures';

/** Resolves with the first event `pick` accepts, or rejects after `ms`. */
function nextEvent(events: ImageEvent[], waiters: ((e: ImageEvent) => void)[], pick: (e: ImageEvent) => boolean, ms: number): Promise<ImageEvent> {
  const seen = events.find(pick);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching image event within ${ms} ms (saw: ${events.map((e) => `${e.action} ${e.name ?? e.id}`).join(', ') || 'none'})`)), ms);
    waiters.push((e) => { if (pick(e)) { clearTimeout(timer); resolve(e); } });
  });
}

describe('engine: image events', function () {
  this.timeout(120_000);
  let watcher: ImageEventWatcher | undefined;
  after(async () => { watcher?.dispose(); await removeTestImages(); });

  it('sees build, tag, untag and delete within a second', async () => {
    await requireEngine();
    const busybox = await requireBaseImage('busybox');
    const engine = openEngine({ env: { ...process.env, DOCKER_HOST: '' } });
    const events: ImageEvent[] = [];
    const waiters: ((e: ImageEvent) => void)[] = [];
    let reachable: boolean | undefined;
    watcher = watchImageEvents({
      docker: engine.streaming, endpoint: engine.endpoint,
      onEvent: (e) => { events.push(e); waiters.forEach((w) => w(e)); },
      onReachability: (r) => { reachable = r; },
    });
    for (let i = 0; i < 50 && reachable === undefined; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(reachable, true);

    const context = makeContext({ 'Dockerfile': `FROM ${busybox}\nRUN echo ${Date.now()} > /stamp\n` });
    const tag = uniqueTag('events');
    const buildDone = Date.now();
    await buildImage('classic', context, tag);
    const built = await nextEvent(events, waiters, (e) => e.action === 'tag' && e.name === tag, 1000);
    assert.ok(built.receivedMs - buildDone < 60_000);

    const second = `${tag}-again`;
    rememberImage(second);
    let start = Date.now();
    await docker(['tag', tag, second]);
    const tagged = await nextEvent(events, waiters, (e) => e.action === 'tag' && e.name === second, 1000);
    assert.ok(tagged.receivedMs - start < 1000, `tag event after ${tagged.receivedMs - start} ms`);

    start = Date.now();
    await docker(['rmi', second]);
    const untagged = await nextEvent(events, waiters, (e) => e.action === 'untag' && e.receivedMs >= start, 1000);
    assert.ok(untagged.receivedMs - start < 1000);

    start = Date.now();
    await docker(['rmi', tag]);
    const deleted = await nextEvent(events, waiters, (e) => e.action === 'delete' && e.receivedMs >= start, 1000);
    assert.ok(deleted.receivedMs - start < 1000);
  });

  it('an engine that is not there: reported unreachable with a message, retried in the background', async () => {
    const socket = path.join(os.tmpdir(), `layerwise-no-engine-${process.pid}.sock`);
    const engine = openEngine({ hostSetting: `unix://${socket}` });
    const changes: { reachable: boolean; kind?: string; message?: string }[] = [];
    const w = watchImageEvents({ docker: engine.streaming, endpoint: engine.endpoint, onEvent: () => undefined, onReachability: (r, f) => changes.push({ reachable: r, kind: f?.kind, message: f?.message }), initialBackoffMs: 20 });
    await new Promise((r) => setTimeout(r, 300));
    w.dispose();
    assert.equal(changes.length, 1, 'reported once, not on every retry');
    assert.equal(changes[0].reachable, false);
    assert.equal(changes[0].kind, 'unreachable');
    assert.match(changes[0].message!, /not reachable/);
  });
});
