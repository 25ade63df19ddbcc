// Builds made outside Layerwise: `docker buildx build` (the buildx plugin, as users have it), then
// `layerwise layers --format json` reads each RUN's time and cache use from the engine's BuildKit history.
// Docker 28 keeps that history; the host engine (Docker 20.10) keeps none, and the fields stay absent.
import * as assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { TimeAndCache, withTiming } from '../../server/src/lsp/timeLenses';
import { makeContext, rememberImage, removeTestImages, uniqueTag } from './engineFixtures';
import { engineClient, engines, newerEnginesRunDir, requireBase } from './engineMatrix';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const run = promisify(execFile);

interface Row {
  line: number;
  instruction: string;
  seconds?: number;
  cached?: boolean;
  timeFrom?: string;
}

/** A docker config folder whose cli-plugins holds buildx, so `docker buildx` works as on a user's machine. */
function configWithBuildx(buildx: string): string {
  if (!fs.existsSync(buildx))
    throw new Error(`no buildx at ${buildx}: run "sudo bash scripts/setup-test-env.sh" (newer-engines.sh installs it)`);
  const config = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-buildx-config-'));
  fs.mkdirSync(path.join(config, 'cli-plugins'));
  fs.symlinkSync(buildx, path.join(config, 'cli-plugins', 'docker-buildx'));
  return config;
}

// The nonce keeps the builder's cache of earlier runs of this test from answering.
const DOCKERFILE = (base: string, nonce: string) =>
  `FROM ${base}\nCOPY a.txt /a.txt\nRUN sleep 1 && echo ${nonce} > /one\nRUN echo two-${nonce} > /two\n`;

for (const engine of engines().filter((e) => e.name === 'host' || e.name === 'docker28'))
  describe(`[${engine.name}] engine: time and cache of builds made outside Layerwise (buildx history)`, function () {
    this.timeout(300_000);
    let env: NodeJS.ProcessEnv;
    let context: string;
    let tag: string;
    before(async function () {
      await engineClient(engine, this);
      const busybox = await requireBase(engine, 'busybox', this);
      const buildx = engine.buildx ?? path.join(newerEnginesRunDir(), 'docker-buildx');
      // No Layerwise record can answer: an empty cache folder of its own.
      env = {
        ...engine.env,
        DOCKER_CONFIG: configWithBuildx(buildx),
        LAYERWISE_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cache-')),
      };
      delete env.LAYERWISE_BUILDX;
      const nonce = `${process.pid}-${Date.now()}`;
      context = makeContext({ 'a.txt': 'a\n', Dockerfile: DOCKERFILE(busybox, nonce) });
      tag = uniqueTag('buildx-history');
      rememberImage(tag, engine);
      const build = (dockerfile: string) => {
        fs.writeFileSync(path.join(context, 'Dockerfile'), dockerfile);
        // The docker CLI's own BuildKit build (outside Layerwise), as `docker buildx build` runs it.
        return run('docker', ['buildx', 'build', '--load', '-t', tag, context], { env, maxBuffer: 16 << 20 });
      };
      await build(DOCKERFILE(busybox, nonce));
      // Again with the last RUN edited: COPY and the first RUN come from the cache, the last runs.
      await build(DOCKERFILE(busybox, nonce).replace('echo two-', 'echo three-'));
    });
    after(removeTestImages);

    function layersJson(): Row[] {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run test:engine does)`);
      const r = spawnSync(process.execPath, [CLI, 'layers', '--image', tag, '--format', 'json', path.join(context, 'Dockerfile')], {
        encoding: 'utf8',
        env,
      });
      assert.equal(r.status, 0, r.stderr);
      return JSON.parse(r.stdout) as Row[];
    }

    /** The lens lookup as the language server makes it: {} first, the history's timing once it was read. */
    async function lensTiming(): Promise<(line: number, keyword: string) => ReturnType<ReturnType<TimeAndCache['timingFor']>>> {
      const dockerfile = path.join(context, 'Dockerfile');
      const id = (await run('docker', ['image', 'inspect', '--format', '{{.Id}}', tag], { env })).stdout.trim();
      const times = new TimeAndCache(env);
      let read!: (found: boolean) => void;
      const answered = new Promise<boolean>((resolve) => (read = resolve));
      const model = parseDockerfile(fs.readFileSync(dockerfile, 'utf8'));
      const lookup = times.timingFor(dockerfile, { model, env, onRead: read });
      assert.deepEqual(lookup(id, 4, 'RUN'), {}, 'the history is read in the background, not while the lens waits');
      assert.equal(await answered, engine.name === 'docker28', 'the engine history knew the image');
      return (line, keyword) => lookup(id, line, keyword);
    }

    const lens = (title: string) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      command: { title, command: '' },
    });

    if (engine.name === 'docker28')
      it('lenses: the RUN lines show cached / their time, marked as from the engine history', async () => {
        const timing = await lensTiming();
        assert.equal(withTiming(lens('8 KB'), timing(3, 'RUN')).command?.title, '8 KB · cached');
        assert.match(withTiming(lens('8 KB'), timing(4, 'RUN')).command?.title ?? '', /^8 KB · \d+\.\d s$/);
        assert.equal(
          (withTiming(lens('8 KB'), timing(4, 'RUN')).command as { tooltip?: string }).tooltip,
          "From the engine's build history (built outside Layerwise)",
        );
      });
    else
      it('lenses: no history in this engine, so the lens shows no time', async () => {
        const timing = await lensTiming();
        assert.deepEqual(timing(4, 'RUN'), {});
        assert.equal(withTiming(lens('8 KB'), timing(4, 'RUN')).command?.title, '8 KB');
      });

    if (engine.name === 'docker28')
      it('layers --format json: the RUN lines have seconds and cached from the engine history', () => {
        const rows = layersJson().filter((r) => r.instruction !== 'FROM');
        assert.deepEqual(
          rows.map((r) => [r.line, r.instruction, r.cached, r.timeFrom]),
          [
            [2, 'COPY', true, 'engine-history'],
            [3, 'RUN', true, 'engine-history'],
            [4, 'RUN', false, 'engine-history'],
          ],
        );
        assert.equal(rows[1].seconds, 0);
        assert.equal(typeof rows[2].seconds, 'number');
      });
    else
      it('layers --format json: no history in this engine, so no seconds, cached or timeFrom (unknown, not 0)', () => {
        const rows = layersJson();
        assert.deepEqual(
          rows.map((r) => r.instruction),
          ['FROM', 'COPY', 'RUN', 'RUN'],
        );
        for (const row of rows)
          assert.deepEqual([row.seconds, row.cached, row.timeFrom], [undefined, undefined, undefined], JSON.stringify(row));
      });
  });
