// "Analyze image" on every engine of the matrix: each exports its own layout (the classic store a Docker archive,
// the containerd store an OCI layout with an index, Podman a Docker archive of its own making), and the waste is
// exact on all of them. The rest of the analysis cases run on the host engine (analysis.test.ts).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeImage } from '../../server/src/core/image/analyzeImage';
import { buildImage, makeContext, rememberImage, removeTestImages, uniqueTag } from './engineFixtures';
import { engineClient, engines, requireBase } from './engineMatrix';

const MB = 1024 * 1024;

for (const engine of engines())
  describe(`[${engine.name}] analyze image`, function () {
    this.timeout(300_000);
    after(removeTestImages);

    for (const builder of engine.builders) {
      it(`${builder}: a 20 MB file written then deleted is wasted exactly, tied to both lines; the total is the layers' sum`, async function () {
        const busybox = await requireBase(engine, 'busybox', this);
        const docker = await engineClient(engine);
        const text = `FROM ${busybox}\nRUN dd if=/dev/zero of=/junk bs=1M count=20\nRUN echo hi > /hello\nRUN rm /junk\n`;
        const context = makeContext({ Dockerfile: text });
        const tag = await buildImage(builder, context, uniqueTag(`analyze-${builder}`), [], 'Dockerfile', engine);
        const report = await analyzeImage(docker, tag, {
          dockerfile: { path: path.join(context, 'Dockerfile'), text: fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8') },
        });
        assert.equal(report.layout, engine.store === 'containerd' ? 'oci' : 'docker');
        assert.equal(report.wastedBytes, 20 * MB);
        const [junk] = report.wastedFiles;
        assert.deepEqual([junk.path, junk.bytes, junk.how, junk.addedLine, junk.hiddenLine], ['/junk', 20 * MB, 'deleted', 2, 4]);
        assert.equal(report.sizeBytes, report.visibleBytes + report.wastedBytes);
        assert.equal(
          report.sizeBytes,
          report.layers.reduce((sum, l) => sum + l.sizeBytes, 0),
        );
      });
    }

    const buildx = engine.buildx;
    if (buildx) {
      it('buildx: a two-platform index with zstd layers and provenance attestations (unknown/unknown manifests)', async function () {
        await engineClient(engine, this);
        if (!fs.existsSync(buildx)) throw new Error(`[${engine.name}] no buildx at ${buildx}. ${engine.howToStart}.`);
        const docker = await engineClient(engine);
        // FROM scratch + COPY only: both platforms build without emulation.
        const blob = Buffer.alloc(3 * MB);
        for (let i = 0; i < blob.length; i += 4096) blob.writeUInt32LE((i * 2654435761) >>> 0, i);
        const context = makeContext({ 'blob.bin': blob, Dockerfile: 'FROM scratch\nCOPY blob.bin /blob.bin\nCOPY blob.bin /copy.bin\n' });
        const tag = uniqueTag('zstd-index');
        rememberImage(tag, engine);
        execFileSync(
          buildx,
          [
            'build',
            '--platform',
            'linux/amd64,linux/arm64',
            '--provenance=true',
            '-o',
            `type=image,name=${tag},compression=zstd,force-compression=true`,
            context,
          ],
          { env: engine.env, stdio: 'pipe' },
        );
        const report = await analyzeImage(docker, tag);
        assert.equal(report.layout, 'oci');
        assert.deepEqual(
          report.layers.map((l) => l.sizeBytes),
          [3 * MB, 3 * MB],
        );
        assert.equal(report.wastedBytes, 0);
        assert.deepEqual(
          report.largestFiles.slice(0, 2).map((f) => f.bytes),
          [3 * MB, 3 * MB],
        );
      });
    }
  });
