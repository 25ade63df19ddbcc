// "Analyze image" on every engine of the matrix: each exports its own layout (the classic store a Docker archive,
// the containerd store an OCI layout with an index, Podman a Docker archive of its own making), and the waste is
// exact on all of them. The rest of the analysis cases run on the host engine (analysis.test.ts).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeImage } from '../../server/src/core/image/analyzeImage';
import { buildImage, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { engineClient, engines, requireBase } from './engineMatrix';

const MB = 1024 * 1024;

for (const engine of engines()) describe(`[${engine.name}] analyze image`, function () {
  this.timeout(300_000);
  after(removeTestImages);

  for (const builder of engine.builders) {
    it(`${builder}: a 20 MB file written then deleted is wasted exactly, tied to both lines; the total is the layers' sum`, async function () {
      const busybox = await requireBase(engine, 'busybox', this);
      const docker = await engineClient(engine);
      const text = `FROM ${busybox}\nRUN dd if=/dev/zero of=/junk bs=1M count=20\nRUN echo hi > /hello\nRUN rm /junk\n`;
      const context = makeContext({ 'Dockerfile': text });
      const tag = await buildImage(builder, context, uniqueTag(`analyze-${builder}`), [], 'Dockerfile', engine);
      const report = await analyzeImage(docker, tag, { dockerfile: { path: path.join(context, 'Dockerfile'), text: fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8') } });
      assert.equal(report.layout, engine.store === 'containerd' ? 'oci' : 'docker');
      assert.equal(report.wastedBytes, 20 * MB);
      const [junk] = report.wastedFiles;
      assert.deepEqual([junk.path, junk.bytes, junk.how, junk.addedLine, junk.hiddenLine], ['/junk', 20 * MB, 'deleted', 2, 4]);
      assert.equal(report.sizeBytes, report.visibleBytes + report.wastedBytes);
      assert.equal(report.sizeBytes, report.layers.reduce((sum, l) => sum + l.sizeBytes, 0));
    });
  }
});
