// The session the language server holds: reachable status, and layer rows refreshed by the event stream
// alone when the image is rebuilt with an edited line, and gone when the image is removed — on every engine of
// the matrix. Order and outcome are asserted; the waits only bound a hang (speed is `npm run bench`).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineSession, type EngineStatus } from '../../server/src/core/engine/engineSession';
import { ImageNotFoundError } from '../../server/src/core/engine/history';
import type { LayerReport } from '../../server/src/core/engine/layerReport';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { buildImage, cliHistory, docker, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { engines, namesImage, requireBase } from './engineMatrix';

const LOST_AFTER_MS = 60_000;

async function waitFor<T>(get: () => T | undefined, what: string): Promise<T> {
  const until = Date.now() + LOST_AFTER_MS;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`never saw ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

for (const engine of engines())
  describe(`[${engine.name}] engine: EngineSession (events drive the refresh)`, function () {
    this.timeout(300_000);
    let session: EngineSession | undefined;
    after(async () => {
      session?.dispose();
      await removeTestImages();
    });

    for (const builder of engine.builders) {
      it(`${builder}: rebuild with an edited line → a refresh with the new sizes; remove → image gone`, async function () {
        const busybox = await requireBase(engine, 'busybox', this);
        const statuses: EngineStatus[] = [];
        const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN dd if=/dev/zero of=/f bs=1k count=10\nCMD ["sh"]\n` });
        const file = path.join(context, 'Dockerfile');
        const tag = uniqueTag(`session-${builder}`);
        /** Reports from event-driven refreshes, in the order they completed. */
        const refreshes: { report?: LayerReport; error?: unknown }[] = [];
        session?.dispose();
        session = new EngineSession({
          env: engine.env,
          onStatus: (s) => statuses.push(s),
          onImageEvent: (event) => {
            if (!namesImage(event.name, tag) && event.action !== 'delete' && event.action !== 'build') return; // Podman: build, no tag
            const model = parseDockerfile(fs.readFileSync(file, 'utf8'));
            session!.layers(model, tag).then(
              (report) => {
                refreshes.push({ report });
              },
              (error) => {
                refreshes.push({ error });
              },
            );
          },
        });
        await waitFor(() => statuses.find((s) => s.reachable), 'a reachable status');
        assert.equal(statuses[0].endpoint, `${engine.host} (DOCKER_HOST)`);

        await buildImage(builder, context, tag, [], 'Dockerfile', engine);
        const first = await waitFor(() => refreshes.find((r) => r.report)?.report, 'a refresh from the build event');
        const firstId = first.image.id; // left dangling by the rebuild: removed below
        assert.equal(first.layers[1].sizeBytes, (await cliHistory(tag, engine))[1].size);
        assert.ok(first.layers[1].sizeBytes! >= 10 * 1024, String(first.layers[1].sizeBytes));

        fs.writeFileSync(file, `FROM ${busybox}\nRUN dd if=/dev/zero of=/f bs=1k count=40\nCMD ["sh"]\n`);
        const afterFirst = refreshes.length;
        await buildImage(builder, context, tag, [], 'Dockerfile', engine);
        const second = await waitFor(
          () => refreshes.slice(afterFirst).find((r) => r.report && r.report.image.id !== firstId)?.report,
          'a refresh from the rebuild event',
        );
        const history = await cliHistory(tag, engine);
        assert.equal(second.layers[1].sizeBytes, history[1].size);
        assert.ok(
          second.layers[1].sizeBytes! >= 40 * 1024 && second.layers[1].sizeBytes! > first.layers[1].sizeBytes!,
          `${first.layers[1].sizeBytes} → ${second.layers[1].sizeBytes}`,
        );

        const beforeRemove = refreshes.length;
        await docker(['rmi', tag], engine);
        const gone = await waitFor(
          () => refreshes.slice(beforeRemove).find((r) => r.error)?.error,
          'a refresh from the delete/untag event',
        );
        assert.ok(gone instanceof ImageNotFoundError, String(gone));
        await docker(['rmi', firstId], engine).catch(() => undefined);
      });
    }
  });

describe('engine: EngineSession without an engine', () => {
  it('an unreachable configured host gives a status with the reason, and calls fail fast', async () => {
    const statuses: EngineStatus[] = [];
    const s = new EngineSession({ hostSetting: 'unix:///tmp/layerwise-no-such-engine.sock', onStatus: (x) => statuses.push(x) });
    try {
      await waitFor(() => statuses[0], 'a status');
      assert.equal(statuses[0].reachable, false);
      assert.equal(statuses[0].failure?.kind, 'unreachable');
      assert.equal(statuses[0].endpoint, 'unix:///tmp/layerwise-no-such-engine.sock (layerwise.docker.host)');
      await assert.rejects(s.listImages());
    } finally {
      s.dispose();
    }
  });
});
