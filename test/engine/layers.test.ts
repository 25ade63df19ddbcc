// History → instruction matching against images the real engine builds with both builders. Every matched
// size must equal the engine's own history entry for that instruction (read with curl from the Engine API,
// aligned by position: an unedited Dockerfile makes exactly one history entry per instruction). On every engine
// of the matrix (engineMatrix.ts), with every builder it has.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { readLayerReport } from '../../server/src/core/engine/layerReport';
import { ImageNotFoundError } from '../../server/src/core/engine/history';
import type { LayerMatch } from '../../server/src/core/engine/matchHistory';
import { buildImage as buildIn, cliHistory, makeContext, removeTestImages, uniqueTag, type Builder } from './engineFixtures';
import { engineClient, engines, requireBase, type TestEngine } from './engineMatrix';

/** Every instruction after FROM matched, with the size of the history entry at the same distance from the end. */
async function assertAllMatchEngine(engine: TestEngine, tag: string, layers: LayerMatch[]): Promise<void> {
  const history = await cliHistory(tag, engine); // newest first
  const body = layers.slice(1).filter((l) => !l.unrecorded); // BuildKit writes no entry for ONBUILD
  for (const layer of body) assert.equal(layer.matched, true, `line ${layer.line} ${layer.instruction} did not match`);
  body
    .slice()
    .reverse()
    .forEach((layer, k) => {
      assert.equal(layer.sizeBytes, history[k].size, `line ${layer.line}: ${layer.createdBy} vs engine ${history[k].createdBy}`);
      assert.equal(layer.createdBy, history[k].createdBy);
    });
  const baseSum = history.slice(body.length).reduce((s, h) => s + h.size, 0);
  assert.equal(layers[0].instruction, 'FROM');
  assert.equal(layers[0].matched, true);
  assert.equal(layers[0].sizeBytes, baseSum, 'FROM carries the total of every entry below the stage');
}

for (const engine of engines())
  describe(`[${engine.name}] engine: history → instruction matching`, function () {
    this.timeout(180_000);
    let busybox: string;
    before(async function () {
      busybox = await requireBase(engine, 'busybox', this);
    });
    after(removeTestImages);

    async function report(context: string, tag: string, dockerfile = 'Dockerfile') {
      const docker = await engineClient(engine);
      const model = parseDockerfile(fs.readFileSync(path.join(context, dockerfile), 'utf8'));
      return { model, result: await readLayerReport(docker, model, tag) };
    }
    const buildImage = (builder: Builder, context: string, tag: string, extra: string[] = []) =>
      buildIn(builder, context, tag, extra, 'Dockerfile', engine);

    for (const builder of engine.builders) {
      describe(`${builder} builder`, () => {
        it('single stage: ARG-expanded RUN/COPY, exec form, SHELL change, metadata, written-then-deleted file', async () => {
          const context = makeContext({
            'app.txt': 'hello\n',
            Dockerfile: [
              `FROM ${busybox}`,
              'ARG DEST=/opt/app',
              'ENV APP_HOME="$DEST"  MODE=prod\\ mode',
              'WORKDIR $DEST',
              'COPY app.txt $DEST/',
              'RUN dd if=/dev/zero of=/big bs=1k count=300 && \\',
              '    # comment lines inside a continuation are dropped by the parser',
              '    echo $DEST > where',
              'RUN rm /big',
              'RUN ["/bin/sh", "-c", "echo exec > /exec"]',
              'SHELL ["/bin/sh", "-ec"]',
              'RUN echo shell2 > /s',
              'LABEL org.example.title="Layer test" other=1',
              'EXPOSE 8080 53/udp',
              'USER 1000',
              'ENTRYPOINT ["/bin/sh"]',
              'CMD echo hello',
              '',
            ].join('\n'),
          });
          const tag = await buildImage(builder, context, uniqueTag(`single-${builder}`), ['--build-arg', 'DEST=/srv/data']);
          const { result } = await report(context, tag);
          assert.equal(result.layers.length, 15);
          await assertAllMatchEngine(engine, tag, result.layers);
          const written = result.layers.find((l) => l.line === 6)!;
          assert.ok(written.sizeBytes! >= 300 * 1024 && written.sizeBytes! < 400 * 1024, `the 300 KiB file's layer: ${written.sizeBytes}`);
          const deleted = result.layers.find((l) => l.line === 9)!;
          // Tiny, in the store's own accounting (the containerd store counts whole 4 KiB blocks): the bytes stay in line 6.
          assert.ok(deleted.sizeBytes! < 16 * 1024, `deleting makes a tiny layer (${deleted.sizeBytes}); the bytes stay in line 6`);
          assert.equal(result.layers.find((l) => l.line === 3)!.emptyLayer, true, 'ENV is metadata only');
          assert.equal(result.base?.local, true);
        });

        it('rarer spellings: HEALTHCHECK, VOLUME, STOPSIGNAL, MAINTAINER, legacy ENV, relative WORKDIR, ADD of a tar, --chown, ONBUILD', async () => {
          const tar = execFileSync('tar', ['-C', makeContext({ 'inner/file.txt': 'x'.repeat(3000) }), '-c', 'inner']);
          const context = makeContext({
            'a.tar': tar,
            'x.txt': 'x',
            'y.txt': 'y'.repeat(1500),
            Dockerfile: [
              `FROM ${busybox}`,
              'MAINTAINER someone@example.com',
              'ARG NO_DEFAULT',
              'ENV LEGACY value with spaces',
              'LABEL "com.example.a"="one two" b=\'three\'',
              'WORKDIR /srv',
              'WORKDIR app',
              'ADD a.tar /opt/',
              'ADD --chown=1000:1000 x.txt y.txt ./',
              'COPY --chown=1000 ["y.txt", "/quoted dir/"]',
              'VOLUME /data /cache',
              'STOPSIGNAL SIGTERM',
              'HEALTHCHECK --interval=30s CMD wget -q -O- http://localhost/ || exit 1',
              'ONBUILD RUN echo child',
              'ENTRYPOINT exec sh',
              '',
            ].join('\n'),
          });
          const tag = await buildImage(builder, context, uniqueTag(`rare-${builder}`));
          const { result } = await report(context, tag);
          await assertAllMatchEngine(engine, tag, result.layers);
          assert.ok(result.layers.find((l) => l.line === 8)!.sizeBytes! >= 3000, 'the tar was extracted into the layer');
        });

        it("FROM scratch: the FROM line is 0 B, every layer is the stage's own", async () => {
          const context = makeContext({ 'a.bin': Buffer.alloc(7000, 1), Dockerfile: 'FROM scratch\nCOPY a.bin /a.bin\nCMD ["/a.bin"]\n' });
          const tag = await buildImage(builder, context, uniqueTag(`scratch-${builder}`));
          const { result } = await report(context, tag);
          await assertAllMatchEngine(engine, tag, result.layers);
          assert.deepEqual([result.layers[0].matched, result.layers[0].sizeBytes], [true, 0]);
          // The classic store counts file bytes; the containerd store and Podman count blocks and directories too.
          if (engine.store === 'overlay2') assert.equal(result.layers[1].sizeBytes, 7000);
          else
            assert.ok(
              result.layers[1].sizeBytes! >= 7000 && result.layers[1].sizeBytes! < 7000 + 16 * 1024,
              String(result.layers[1].sizeBytes),
            );
        });

        it('edited since build: changed, inserted and removed lines are matched:false, the rest keep their sizes', async () => {
          const lines = [
            `FROM ${busybox}`,
            'RUN echo one > /1',
            'RUN dd if=/dev/zero of=/f bs=1k count=50',
            'RUN echo three > /3',
            'COPY a.txt /a',
            'CMD ["sh"]',
            '',
          ];
          const context = makeContext({ 'a.txt': 'a', Dockerfile: lines.join('\n') });
          const tag = await buildImage(builder, context, uniqueTag(`edited-${builder}`));
          const before = (await report(context, tag)).result.layers;
          await assertAllMatchEngine(engine, tag, before);
          const edited = [
            `FROM ${busybox}`,
            'RUN echo ONE > /1',
            'RUN dd if=/dev/zero of=/f bs=1k count=50',
            'RUN echo inserted',
            'COPY a.txt /a',
            'CMD ["sh"]',
            '',
          ];
          fs.writeFileSync(path.join(context, 'Dockerfile'), edited.join('\n'));
          const after = (await report(context, tag)).result.layers;
          const byLine = new Map(after.map((l) => [l.line, l]));
          assert.equal(byLine.get(2)!.matched, false);
          assert.equal(byLine.get(2)!.sizeBytes, null);
          assert.equal(byLine.get(4)!.matched, false, 'inserted line');
          for (const line of [3, 5, 6]) {
            assert.equal(byLine.get(line)!.matched, true, `line ${line} unchanged`);
            assert.equal(byLine.get(line)!.sizeBytes, before.find((l) => l.line === line)!.sizeBytes);
          }
          // FROM stays right: the base is known locally, so the removed line's layer is not added to it.
          assert.equal(byLine.get(1)!.sizeBytes, before[0].sizeBytes);

          // First instruction removed: the stale layer between base and line 2 must not be counted on FROM.
          fs.writeFileSync(path.join(context, 'Dockerfile'), [lines[0], ...lines.slice(2)].join('\n'));
          const removed = (await report(context, tag)).result.layers;
          assert.equal(removed[0].matched, false, 'FROM cannot prove what lies between base and the first line');
          assert.equal(removed[1].matched, true);
        });

        it('multi-stage: final stage FROM an earlier stage and COPY --from', async () => {
          const context = makeContext({
            Dockerfile: [
              `FROM ${busybox} AS build`,
              'RUN mkdir /out && dd if=/dev/zero of=/out/bin bs=1k count=64',
              'FROM build AS test',
              'RUN echo test > /t',
              `FROM ${busybox}`,
              'COPY --from=build /out/bin /usr/local/bin/app',
              'RUN echo ok',
              '',
            ].join('\n'),
          });
          const tag = await buildImage(builder, context, uniqueTag(`multi-${builder}`));
          const { result } = await report(context, tag);
          assert.deepEqual(
            result.layers.map((l) => l.line),
            [5, 6, 7],
          );
          await assertAllMatchEngine(engine, tag, result.layers);
          assert.ok(result.layers[1].sizeBytes! >= 64 * 1024);

          // The `test` stage, built with --target, matched against its own stage (FROM build carries build's layers).
          const testTag = await buildImage(builder, context, uniqueTag(`multi-target-${builder}`), ['--target', 'test']);
          const docker = await engineClient(engine);
          const model = parseDockerfile(fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
          const staged = await readLayerReport(docker, model, testTag, { stage: model.stages[1] });
          await assertAllMatchEngine(engine, testTag, staged.layers);
        });

        it('ONBUILD triggers of the base are counted on the FROM line', async () => {
          const baseContext = makeContext({
            Dockerfile: [`FROM ${busybox}`, 'ONBUILD RUN dd if=/dev/zero of=/trig bs=1k count=20', 'ONBUILD COPY . /ob/', ''].join('\n'),
          });
          const baseTag = await buildImage(builder, baseContext, uniqueTag(`onbuild-base-${builder}`));
          const context = makeContext({ 'x.txt': 'x'.repeat(5000), Dockerfile: [`FROM ${baseTag}`, 'RUN echo child > /c', ''].join('\n') });
          const tag = await buildImage(builder, context, uniqueTag(`onbuild-child-${builder}`));
          const { result } = await report(context, tag);
          const history = await cliHistory(tag, engine); // newest first: child RUN, COPY trigger, RUN trigger, base…
          assert.equal(result.layers[1].matched, true);
          assert.equal(result.layers[1].sizeBytes, history[0].size);
          if (engine.store === 'podman') {
            // Podman's Docker API does not return the base's ONBUILD triggers (Config.OnBuild): the trigger layers
            // between base and line 2 cannot be proven, so FROM says so rather than guess (docs/engines.md).
            assert.deepEqual([result.layers[0].matched, result.layers[0].sizeBytes], [false, null]);
            return;
          }
          assert.equal(
            result.layers[0].sizeBytes,
            history.slice(1).reduce((s, h) => s + h.size, 0),
          );
          const baseHistory = await cliHistory(baseTag, engine);
          assert.equal(result.layers[0].baseEntries, baseHistory.length + 2, 'base entries + the two triggers');
        });
      });
    }

    if (engine.builders.includes('buildkit')) {
      it('RUN --mount (BuildKit only): the flag is not in the history, the command still matches', async () => {
        const context = makeContext({
          Dockerfile: `FROM ${busybox}\nRUN --mount=type=tmpfs,target=/scratch dd if=/dev/zero of=/scratch/t bs=1k count=500 && echo kept > /kept\n`,
        });
        const tag = await buildImage('buildkit', context, uniqueTag('mount'));
        const { result } = await report(context, tag);
        await assertAllMatchEngine(engine, tag, result.layers);
        assert.ok(
          result.layers[1].sizeBytes! < 100 * 1024,
          `the 500 KiB on the tmpfs are not in the layer (${result.layers[1].sizeBytes})`,
        );
      });
    }

    if (engine.heredocBuilder) {
      const heredocBuilder = engine.heredocBuilder;
      it(`heredoc RUN (${heredocBuilder === 'buildkit' ? 'BuildKit' : 'Buildah'}): builds, and every line matches its layer`, async () => {
        // The builder's own frontend (no registry: `# syntax=` cannot be pulled). A build failure fails the test.
        const context = makeContext({
          Dockerfile: `FROM ${busybox}\nRUN <<EOT\necho one > /one\necho two > /two\nEOT\nRUN <<EOT sh\ndd if=/dev/zero of=/big bs=1k count=64\nEOT\nCMD ["sh"]\n`,
        });
        const tag = await buildImage(heredocBuilder, context, uniqueTag('heredoc'));
        const { result } = await report(context, tag);
        await assertAllMatchEngine(engine, tag, result.layers);
        assert.deepEqual(
          result.layers.map((l) => l.line),
          [1, 2, 6, 9],
        );
        assert.ok(result.layers[2].sizeBytes! >= 64 * 1024, `the heredoc's 64 KiB layer: ${result.layers[2].sizeBytes}`);
      });
    }

    it('a missing image is reported as such', async () => {
      const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN true\n` });
      await assert.rejects(report(context, `${uniqueTag('missing')}`), ImageNotFoundError);
    });
  });

// Heredoc RUNs are tested for real only where a builder has them (Docker 28's BuildKit, Podman 5's Buildah): a
// matrix without such an engine cannot test them, and that is a failure, not a pass.
describe('engine: heredoc RUN coverage', () => {
  it('at least one engine of the matrix builds heredocs', () => {
    const able = engines()
      .filter((e) => e.heredocBuilder)
      .map((e) => e.name);
    assert.ok(
      able.length > 0,
      `no engine with a heredoc builder in the matrix (${engines()
        .map((e) => e.name)
        .join(', ')}); LAYERWISE_ENGINES must include docker28 or podman5`,
    );
  });
});
