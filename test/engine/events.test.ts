// The image event stream against every engine of the matrix: a build, a tag, an untag and a delete each arrive,
// in that order, and a watcher pointed at an engine that is not there reports it unreachable (no throw, no poll).
// No latency is asserted here (that is `npm run bench`): the waits only bound a hang.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as os from 'node:os';
import { openEngine } from '../../server/src/core/engine/connection';
import { watchImageEvents, type ImageEvent, type ImageEventWatcher } from '../../server/src/core/engine/events';
import { buildImage, docker, makeContext, removeTestImages, rememberImage, uniqueTag } from './engineFixtures';
import { engines, namesImage, requireBase } from './engineMatrix';

/** How long an expected event may take before the test calls it lost (a hang bound, not a speed check). */
const LOST_AFTER_MS = 60_000;

/** Resolves with the first event `pick` accepts, or rejects when none came within LOST_AFTER_MS. */
function nextEvent(
  events: ImageEvent[],
  waiters: ((e: ImageEvent) => void)[],
  pick: (e: ImageEvent) => boolean,
  what: string,
): Promise<ImageEvent> {
  const seen = events.find(pick);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${what} event (saw: ${events.map((e) => `${e.action} ${e.name ?? e.id}`).join(', ') || 'none'})`)),
      LOST_AFTER_MS,
    );
    waiters.push((e) => {
      if (pick(e)) {
        clearTimeout(timer);
        resolve(e);
      }
    });
  });
}

for (const engine of engines())
  describe(`[${engine.name}] engine: image events`, function () {
    this.timeout(180_000);
    let watcher: ImageEventWatcher | undefined;
    after(async () => {
      watcher?.dispose();
      await removeTestImages();
    });

    it('sees build, tag, untag and delete, in that order', async function () {
      const busybox = await requireBase(engine, 'busybox', this);
      const connection = openEngine({ env: engine.env });
      const events: ImageEvent[] = [];
      const waiters: ((e: ImageEvent) => void)[] = [];
      let reachable: boolean | undefined;
      let connected!: () => void;
      const firstReachability = new Promise<void>((resolve) => {
        connected = resolve;
      });
      watcher = watchImageEvents({
        docker: connection.streaming,
        endpoint: connection.endpoint,
        onEvent: (e) => {
          events.push(e);
          waiters.forEach((w) => w(e));
        },
        onReachability: (r) => {
          reachable = r;
          connected();
        },
      });
      await firstReachability;
      assert.equal(reachable, true);

      const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN echo ${Date.now()} > /stamp\n` });
      const tag = uniqueTag('events');
      await buildImage(engine.builders[0], context, tag, [], 'Dockerfile', engine);
      const imageId = (await docker(['image', 'inspect', '--format', '{{.Id}}', tag], engine)).trim().replace(/^sha256:/, '');
      // Docker tags the built image; Podman announces `build` with the new image's id and sends no tag.
      const built = await nextEvent(
        events,
        waiters,
        (e) => (e.action === 'tag' && namesImage(e.name, tag)) || (e.action === 'build' && e.id.replace(/^sha256:/, '') === imageId),
        `tag ${tag} or build (from the build)`,
      );

      const second = `${tag}-again`;
      rememberImage(second, engine);
      await docker(['tag', tag, second], engine);
      const tagged = await nextEvent(events, waiters, (e) => e.action === 'tag' && namesImage(e.name, second), `tag ${second}`);

      const beforeUntag = events.length;
      await docker(['rmi', second], engine);
      const untagged = await nextEvent(events, waiters, (e) => e.action === 'untag' && events.indexOf(e) >= beforeUntag, 'untag');

      const beforeDelete = events.length;
      await docker(['rmi', tag], engine);
      const deleted = await nextEvent(events, waiters, (e) => e.action === 'delete' && events.indexOf(e) >= beforeDelete, 'delete');

      const order = [built, tagged, untagged, deleted].map((e) => events.indexOf(e));
      assert.deepEqual(
        order,
        order.slice().sort((a, b) => a - b),
        `events out of order: ${events.map((e) => e.action).join(', ')}`,
      );
    });
  });

describe('engine: image events without an engine', () => {
  it('an engine that is not there: reported unreachable with a message, retried in the background', async () => {
    const socket = path.join(os.tmpdir(), `layerwise-no-engine-${process.pid}.sock`);
    const engine = openEngine({ hostSetting: `unix://${socket}` });
    const changes: { reachable: boolean; kind?: string; message?: string }[] = [];
    const w = watchImageEvents({
      docker: engine.streaming,
      endpoint: engine.endpoint,
      onEvent: () => undefined,
      onReachability: (r, f) => changes.push({ reachable: r, kind: f?.kind, message: f?.message }),
      initialBackoffMs: 20,
    });
    await new Promise((r) => setTimeout(r, 300));
    w.dispose();
    assert.equal(changes.length, 1, 'reported once, not on every retry');
    assert.equal(changes[0].reachable, false);
    assert.equal(changes[0].kind, 'unreachable');
    assert.match(changes[0].message!, /not reachable/);
  });
});
