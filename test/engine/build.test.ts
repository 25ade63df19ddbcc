// Builds through the docker CLI (each builder the engine has) and the Engine API against every engine of the
// matrix (the CLI reaches it through DOCKER_HOST): the label and
// image id, progress, the failing line, cancellation, .dockerignore in the API's context tar, and the image
// lookups (label, quick-pick list, images sharing a base).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildImage as build, buildWithApi, buildWithCli, type BuildResult } from '../../server/src/core/engine/build';
import type { BuildProgress } from '../../server/src/core/engine/buildProgress';
import {
  DOCKERFILE_LABEL,
  dockerfileLabelValue,
  formatAge,
  imagesForDockerfile,
  imagesSharingBase,
  listLocalImages,
} from '../../server/src/core/engine/images';
import { cliHistory as engineHistory, makeContext, rememberImage as remember, removeTestImages, uniqueTag } from './engineFixtures';
import { dockerCli } from '../helpers/dockerCli';
import { engineClient, engines, namesImage, requireBase } from './engineMatrix';

for (const engine of engines())
  describe(`[${engine.name}] engine: builds and image lookups`, function () {
    this.timeout(240_000);
    let busybox: string;
    before(async function () {
      busybox = await requireBase(engine, 'busybox', this);
    });
    after(removeTestImages);
    const requireEngine = () => engineClient(engine);
    const cliHistory = (tag: string) => engineHistory(tag, engine);
    const rememberImage = (tag: string) => remember(tag, engine);

    const ways: [
      string,
      (
        dockerfile: string,
        tag: string,
        extra?: Partial<Parameters<typeof buildWithCli>[0]>,
      ) => Promise<BuildResult & { progress: BuildProgress[]; log: string[] }>,
    ][] = [
      ...(engine.builders.includes('classic')
        ? ([
            [
              'CLI classic',
              (f, t, extra) =>
                run((p, l) =>
                  buildWithCli(
                    { dockerfile: f, tag: t, onProgress: p, onLog: l, ...extra },
                    { dockerCli: dockerCli(), env: { ...engine.env, DOCKER_BUILDKIT: '0' } },
                  ),
                ),
            ],
          ] as typeof ways)
        : []),
      ...(engine.builders.includes('buildkit')
        ? ([
            [
              'CLI BuildKit',
              (f, t, extra) =>
                run((p, l) =>
                  buildWithCli(
                    { dockerfile: f, tag: t, onProgress: p, onLog: l, ...extra },
                    { dockerCli: dockerCli(), env: { ...engine.env, DOCKER_BUILDKIT: '1' } },
                  ),
                ),
            ],
          ] as typeof ways)
        : []),
      [
        'Engine API',
        async (f, t, extra) =>
          run(async (p, l) => buildWithApi({ dockerfile: f, tag: t, onProgress: p, onLog: l, ...extra }, await requireEngine())),
      ],
    ];

    async function run(go: (p: (x: BuildProgress) => void, l: (s: string) => void) => Promise<BuildResult>) {
      const progress: BuildProgress[] = [];
      const log: string[] = [];
      const result = await go(
        (x) => progress.push(x),
        (s) => log.push(s),
      );
      if (result.ok) rememberImage(result.tag);
      return { ...result, progress, log };
    }

    for (const [name, buildIt] of ways) {
      describe(name, () => {
        it('builds, links the image to the Dockerfile without its path, reports steps and the image id', async () => {
          const context = makeContext({ 'a.txt': 'a', Dockerfile: `FROM ${busybox}\nCOPY a.txt /a\nRUN echo built > /b\n` });
          const dockerfile = path.join(context, 'Dockerfile');
          const tag = uniqueTag(`build-${name.replace(/\W/g, '').toLowerCase()}`);
          const result = await buildIt(dockerfile, tag);
          assert.equal(result.ok, true, result.message);
          const engine = await requireEngine();
          const inspect = await engine.getImage(tag).inspect();
          assert.equal(result.imageId, inspect.Id);
          // The link to the Dockerfile is a hash: no host path is written into the image (it may get pushed).
          const label = inspect.Config.Labels?.[DOCKERFILE_LABEL];
          assert.equal(label, dockerfileLabelValue(dockerfile));
          assert.ok(!JSON.stringify(inspect.Config).includes(context), 'the build context path is nowhere in the image config');
          assert.ok(
            result.progress.some((p) => p.line === 3 && /RUN/.test(p.text)),
            `progress: ${JSON.stringify(result.progress)}`,
          );
          assert.ok(result.log.length > 0);
          const found = await imagesForDockerfile(engine, dockerfile);
          assert.deepEqual(
            found.map((i) => i.id),
            [inspect.Id],
          );
        });

        it('a failing RUN reports its line', async () => {
          const context = makeContext({
            Dockerfile: `FROM ${busybox} AS build\nRUN echo a\nFROM ${busybox}\nENV X=1\nRUN echo $X && exit 3\nRUN echo never\n`,
          });
          const result = await buildIt(path.join(context, 'Dockerfile'), uniqueTag('fail'));
          assert.equal(result.ok, false);
          assert.equal(result.failedLine, 5, `${result.message}\n${result.log.join('\n')}`);
          assert.ok(result.message);
        });

        it('cancels through the AbortSignal', async () => {
          const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN echo start && sleep 30 && echo ${Date.now()}\n` });
          const controller = new AbortController();
          const started = Date.now();
          const pending = buildIt(path.join(context, 'Dockerfile'), uniqueTag('cancel'), {
            signal: controller.signal,
            onLog: (line: string) => {
              if (/start/.test(line)) controller.abort();
            },
          } as never);
          setTimeout(() => controller.abort(), 4000);
          const result = await pending;
          assert.equal(result.ok, false);
          assert.equal(result.cancelled, true);
          assert.ok(Date.now() - started < 20_000, 'cancelled well before the 30 s sleep');
        });
      });
    }

    it('the Engine API context honours .dockerignore (an ignored 2 MB file is not sent)', async () => {
      const context = makeContext({
        '.dockerignore': 'big.bin\n',
        'big.bin': Buffer.alloc(2_000_000),
        'small.txt': 'x',
        Dockerfile: `FROM ${busybox}\nCOPY . /ctx/\n`,
      });
      const tag = uniqueTag('ignore');
      const result = await buildWithApi({ dockerfile: path.join(context, 'Dockerfile'), tag }, await requireEngine());
      assert.equal(result.ok, true, result.message);
      rememberImage(tag);
      const history = await cliHistory(tag);
      assert.ok(history[0].size < 100_000, `COPY . layer is ${history[0].size} bytes`);
    });

    it('buildImage picks the CLI when one is given and the API when asked', async () => {
      const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN true\n` });
      const a = await build({ dockerfile: path.join(context, 'Dockerfile'), tag: uniqueTag('pick-cli') }, await requireEngine(), {
        dockerCli: dockerCli(),
        env: engine.env,
      });
      const b = await build({ dockerfile: path.join(context, 'Dockerfile'), tag: uniqueTag('pick-api') }, await requireEngine(), {
        preferApi: true,
      });
      rememberImage(a.tag);
      rememberImage(b.tag);
      assert.deepEqual([a.via, a.ok, b.via, b.ok], ['cli', true, 'api', true]);
    });

    it('lists local images with tags, size and age, and counts images sharing a base', async () => {
      const engine = await requireEngine();
      const context = makeContext({ Dockerfile: `FROM ${busybox}\nRUN echo share > /s\n` });
      const tag = uniqueTag('share');
      const result = await buildWithApi({ dockerfile: path.join(context, 'Dockerfile'), tag }, engine);
      assert.equal(result.ok, true);
      rememberImage(tag);
      const images = await listLocalImages(engine);
      const mine = images.find((i) => i.tags.some((t) => namesImage(t, tag))); // Podman lists localhost/<tag>
      assert.ok(mine && mine.sizeBytes > 1_000_000);
      assert.match(formatAge(mine.created), /just now|s ago|min ago/);
      // Time enough to look at every image (a loaded engine must not make the count below a lower bound).
      const shared = await imagesSharingBase(engine, busybox, { timeoutMs: 120_000, budgetMs: 60_000 });
      assert.equal(shared.complete, true);
      assert.ok(shared.sharingImages.some((i) => i.tags.some((t) => namesImage(t, tag))));
      assert.ok(!shared.sharingImages.some((i) => i.id === shared.baseId));
      // Independent count: every image whose layers start with busybox's, by the CLI.
      const baseLayers = (await engine.getImage(busybox).inspect()).RootFS.Layers!;
      let expected = 0;
      for (const image of images.filter((i) => i.id !== shared.baseId)) {
        const layers = (await engine.getImage(image.id).inspect()).RootFS.Layers ?? [];
        if (baseLayers.every((l, k) => layers[k] === l)) expected++;
      }
      assert.equal(shared.sharingImages.length, expected);
      // No time for any inspect (as with hundreds of images on a slow store): an answer that says it is partial.
      const none = await imagesSharingBase(engine, busybox, { budgetMs: 0 });
      assert.deepEqual([none.baseId, none.complete, none.sharingImages.length], [shared.baseId, false, 0]);
    });
  });
