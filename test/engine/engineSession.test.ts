// The session the language server holds: reachable status, and layer rows refreshed by the event stream
// alone when the image is rebuilt with an edited line, and gone when the image is removed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { EngineSession, type EngineStatus } from '../../server/src/core/engine/engineSession';
import { ImageNotFoundError } from '../../server/src/core/engine/history';
import type { LayerReport } from '../../server/src/core/engine/layerReport';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { buildImage, cliHistory, docker, makeContext, removeTestImages, uniqueTag } from './engineFixtures';

async function waitFor<T>(get: () => T | undefined, ms: number, what: string): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('engine: EngineSession (events drive the refresh)', function () {
  this.timeout(180_000);
  let session: EngineSession | undefined;
  after(async () => { session?.dispose(); await removeTestImages(); });

  for (const builder of ['classic', 'buildkit'] as const) {
    it(`${builder}: rebuild with an edited line → new sizes within a second; remove → image gone`, async () => {
      await requireEngine();
      const busybox = await requireBaseImage('busybox');
      const statuses: EngineStatus[] = [];
      const context = makeContext({ 'Dockerfile': `FROM ${busybox}\nRUN dd if=/dev/zero of=/f bs=1k count=10\nCMD ["sh"]\n` });
      const file = path.join(context, 'Dockerfile');
      const tag = uniqueTag(`session-${builder}`);
      let latest: { at: number; report?: LayerReport; error?: unknown } | undefined;
      session?.dispose();
      session = new EngineSession({
        env: { ...process.env, DOCKER_HOST: '' },
        onStatus: (s) => statuses.push(s),
        onImageEvent: (event) => {
          if (event.name !== tag && event.action !== 'delete') return;
          const model = parseDockerfile(fs.readFileSync(file, 'utf8'));
          session!.layers(model, tag).then((report) => { latest = { at: Date.now(), report }; }, (error) => { latest = { at: Date.now(), error }; });
        },
      });
      await waitFor(() => statuses.find((s) => s.reachable), 5000, 'reachable');
      assert.match(statuses[0].endpoint, /docker\.sock/);

      await buildImage(builder, context, tag);
      const first = await waitFor(() => latest?.report, 5000, 'first report');
      const firstId = first.image.id; // left dangling by the rebuild: removed below
      assert.ok(first.layers[1].sizeBytes! >= 10 * 1024 && first.layers[1].sizeBytes! < 20 * 1024);

      fs.writeFileSync(file, `FROM ${busybox}\nRUN dd if=/dev/zero of=/f bs=1k count=40\nCMD ["sh"]\n`);
      latest = undefined;
      await buildImage(builder, context, tag);
      const builtAt = Date.now();
      const second = await waitFor(() => latest?.report, 1000, 'a refresh from the rebuild event');
      assert.ok(latest!.at - builtAt < 1000);
      const history = await cliHistory(tag);
      assert.equal(second.layers[1].sizeBytes, history[1].size);
      assert.ok(second.layers[1].sizeBytes! >= 40 * 1024);

      latest = undefined;
      const removedAt = Date.now();
      await docker(['rmi', tag]);
      const gone = await waitFor(() => latest?.error, 1000, 'a refresh from the delete/untag event');
      assert.ok(gone instanceof ImageNotFoundError);
      assert.ok(latest!.at - removedAt < 1000);
      await docker(['rmi', firstId]).catch(() => undefined);
    });
  }

  it('an unreachable configured host gives a status with the reason, and calls fail fast', async () => {
    const statuses: EngineStatus[] = [];
    const s = new EngineSession({ hostSetting: 'unix:///tmp/layerwise-no-such-engine.sock', onStatus: (x) => statuses.push(x) });
    try {
      await waitFor(() => statuses[0], 3000, 'a status');
      assert.equal(statuses[0].reachable, false);
      assert.equal(statuses[0].failure?.kind, 'unreachable');
      assert.equal(statuses[0].endpoint, 'unix:///tmp/layerwise-no-such-engine.sock (layerwise.docker.host)');
      await assert.rejects(s.listImages());
    } finally {
      s.dispose();
    }
  });
});
