// The forecast against what the builder actually does, with real builds: on the host engine and on Docker 28
// with the containerd store, with the classic builder and BuildKit. Each edit (a source file, a .dockerignore'd
// file, a dependency manifest, a build arg, the instruction text, the base image) is forecast, then built; for
// every step the builder reported, "will rebuild" must equal "the builder did not take it from its cache".
// Every file content and the base carry a nonce, so no cache entry of an earlier run can answer for a step.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildAndRecord, engineImageId } from '../../server/src/core/buildRecord/recordBuild';
import { forecastDockerfile } from '../../server/src/core/buildRecord/forecastDockerfile';
import type { ForecastStep } from '../../server/src/core/buildRecord/forecast';
import type { BuildRecord } from '../../server/src/core/buildRecord/recordStore';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { dockerCli } from '../helpers/dockerCli';
import { buildImage, makeContext, rememberImage, removeTestImages, uniqueTag } from './engineFixtures';
import { engineClient, engines, requireBase } from './engineMatrix';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

interface Round {
  forecast: ForecastStep[];
  record: BuildRecord;
}

/** Steps the builder reported (FROM never says): [line, rebuilt] for each, from the record and from the forecast. */
function compare(round: Round): { builder: [number, boolean][]; forecast: [number, boolean][] } {
  const reported = round.record.steps.filter((s) => s.keyword !== 'FROM');
  const byLine = new Map(round.forecast.map((f) => [f.line, f]));
  return {
    builder: reported.map((s) => [s.line, s.cached === false]),
    forecast: reported.map((s) => [s.line, byLine.get(s.line)?.rebuild ?? true]),
  };
}

function dockerfileText(base: string, nonce: string, depsRun = 'echo deps $VERSION > /deps'): string {
  return [
    `FROM ${base}`,
    'ARG VERSION=1',
    'WORKDIR /app',
    `RUN echo ${nonce} > /nonce`,
    'COPY package.json ./',
    `RUN ${depsRun}`,
    'COPY . .',
    'RUN cat src/a.txt > /built',
    '',
  ].join('\n');
}

const WANTED = ['host', 'docker28'];

for (const engine of engines().filter((e) => WANTED.includes(e.name)))
  for (const builder of engine.builders)
    describe(`[${engine.name}] engine: forecast vs the ${builder} builder's cache`, function () {
      this.timeout(600_000);
      after(removeTestImages);
      const nonce = `${process.pid}-${Date.now().toString(36)}-${builder}`;
      const cacheEnv = { LAYERWISE_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-time-cache-records-')) };
      let context: string;
      let dockerfile: string;
      let baseTag: string;
      let buildArgs: Record<string, string> | undefined;

      async function makeBase(test: Mocha.Context, generation: number): Promise<void> {
        const busybox = await requireBase(engine, 'busybox', test);
        const dir = makeContext({ Dockerfile: `FROM ${busybox}\nRUN echo ${nonce}-${generation} > /base\n` });
        await buildImage('classic', dir, baseTag, [], 'Dockerfile', engine);
      }

      async function build(): Promise<BuildRecord> {
        const docker = await engineClient(engine);
        const tag = uniqueTag('time-cache-forecast');
        const result = await buildAndRecord({ dockerfile, context, tag, builder, buildArgs }, docker, {
          dockerCli: dockerCli(),
          env: engine.env,
          cacheEnv,
        });
        assert.equal(result.ok, true, result.message);
        rememberImage(tag, engine);
        assert.ok(result.record, 'the build was recorded');
        return result.record;
      }

      async function round(): Promise<Round> {
        const docker = await engineClient(engine);
        const result = await forecastDockerfile({
          dockerfile,
          model: parseDockerfile(fs.readFileSync(dockerfile, 'utf8')),
          buildArgs,
          imageId: engineImageId(docker),
          cacheEnv,
        });
        const record = await build();
        assert.equal(record.builder, builder, 'the record names the builder that ran');
        return { forecast: result.steps, record };
      }

      function rebuilt(r: Round): number[] {
        return r.forecast.filter((f) => f.rebuild).map((f) => f.line);
      }

      function reasonAt(r: Round, line: number): string | undefined {
        return r.forecast.find((f) => f.line === line)?.reason;
      }

      function agrees(r: Round): void {
        const { builder: actual, forecast } = compare(r);
        assert.deepEqual(forecast, actual, `forecast ${JSON.stringify(r.forecast)}\nbuilder steps ${JSON.stringify(r.record.steps)}`);
        const expected = builder === 'classic' ? 7 : 6; // every instruction but FROM; BuildKit: WORKDIR, RUN, COPY
        assert.equal(actual.length, expected, 'the builder reported every step as cached or not');
      }

      before(async function () {
        baseTag = uniqueTag('time-cache-base');
        await makeBase(this, 1);
        rememberImage(baseTag, engine);
        context = makeContext({
          'package.json': `{"name":"${nonce}"}`,
          'src/a.txt': `${nonce} a`,
          'notes.md': `${nonce} notes`,
          '.dockerignore': 'notes.md\n',
          Dockerfile: dockerfileText(baseTag, nonce),
        });
        dockerfile = path.join(context, 'Dockerfile');
        await build();
      });

      it('nothing changed: every step is forecast cached, and the builder reuses every step', async () => {
        const r = await round();
        agrees(r);
        assert.deepEqual(rebuilt(r), []);
      });

      it('a source file changed: COPY . and what follows rebuild, named by the file', async () => {
        fs.writeFileSync(path.join(context, 'src/a.txt'), `${nonce} a edited`);
        const r = await round();
        agrees(r);
        assert.deepEqual(rebuilt(r), [7, 8]);
        assert.equal(reasonAt(r, 7), 'src/a.txt changed');
        assert.equal(reasonAt(r, 8), 'follows line 7');
        assert.equal(r.record.steps.find((s) => s.line === 7)?.rebuiltBecause, 'src/a.txt changed');
      });

      it("a .dockerignore'd file changed: nothing rebuilds", async () => {
        fs.writeFileSync(path.join(context, 'notes.md'), `${nonce} notes edited`);
        const r = await round();
        agrees(r);
        assert.deepEqual(rebuilt(r), []);
      });

      it('the dependency manifest changed: COPY package.json and every step after it rebuild', async () => {
        fs.writeFileSync(path.join(context, 'package.json'), `{"name":"${nonce}","version":"2"}`);
        const r = await round();
        agrees(r);
        assert.deepEqual(rebuilt(r), [5, 6, 7, 8]);
        assert.equal(reasonAt(r, 5), 'package.json changed');
      });

      it('a build arg changed: the first RUN that sees it and what follows rebuild', async () => {
        buildArgs = { VERSION: '2' };
        const r = await round();
        agrees(r);
        assert.equal(reasonAt(r, 4), '--build-arg VERSION changed');
        assert.deepEqual(rebuilt(r), [4, 5, 6, 7, 8]);
      });

      it('the instruction text changed: that step and the ones after it rebuild', async () => {
        fs.writeFileSync(dockerfile, dockerfileText(baseTag, nonce, 'echo deps $VERSION > /deps && echo more'));
        const r = await round();
        agrees(r);
        assert.deepEqual(rebuilt(r), [6, 7, 8]);
        assert.equal(reasonAt(r, 6), 'instruction changed');
      });

      it('the base image changed: every step rebuilds', async function () {
        await makeBase(this, 2);
        const r = await round();
        agrees(r);
        assert.equal(reasonAt(r, 1), `base image ${baseTag} changed`);
        assert.deepEqual(
          rebuilt(r),
          r.forecast.map((f) => f.line),
        );
      });
    });

for (const engine of engines().filter((e) => e.name === 'host'))
  describe(`[${engine.name}] engine: layerwise build, forecast and layers (CLI)`, function () {
    this.timeout(300_000);
    after(removeTestImages);

    function cli(args: string[], env: NodeJS.ProcessEnv) {
      if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run test:engine does)`);
      // The client that builds with BuildKit comes first on PATH: `layerwise build` uses the first docker there.
      const PATH = [path.dirname(dockerCli()), env.PATH ?? ''].join(path.delimiter);
      const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...env, PATH } });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    }

    it('build records, forecast names the change, layers gives seconds and cached; no record exits 2', async function () {
      const busybox = await requireBase(engine, 'busybox', this);
      const nonce = `${process.pid}-${Date.now().toString(36)}-cli`;
      const context = makeContext({
        'src/a.txt': nonce,
        Dockerfile: `FROM ${busybox}\nRUN echo ${nonce} > /n\nCOPY src/ /src/\nRUN cat /src/a.txt\n`,
      });
      const dockerfile = path.join(context, 'Dockerfile');
      const env = { ...engine.env, LAYERWISE_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-time-cache-cli-')) };
      const none = cli(['forecast', dockerfile], env);
      assert.equal(none.status, 2);
      assert.match(none.stderr, /no build of .* was recorded/);

      const tag = uniqueTag('time-cache-cli');
      const built = cli(['build', '-t', tag, '--builder', 'buildkit', context], env);
      rememberImage(tag, engine);
      assert.equal(built.status, 0, built.stderr);
      assert.match(built.stdout, /line 4 RUN: \d+\.\d s/);

      fs.writeFileSync(path.join(context, 'src/a.txt'), `${nonce} edited`);
      const forecast = cli(['forecast', '--format', 'json', dockerfile], env);
      assert.equal(forecast.status, 0, forecast.stderr);
      assert.deepEqual(JSON.parse(forecast.stdout), [
        { line: 1, instruction: 'FROM', rebuild: false },
        { line: 2, instruction: 'RUN', rebuild: false },
        { line: 3, instruction: 'COPY', rebuild: true, reason: 'src/a.txt changed' },
        { line: 4, instruction: 'RUN', rebuild: true, reason: 'follows line 3' },
      ]);

      const rebuilt = cli(['build', '-t', tag, '--builder', 'buildkit', context], env);
      assert.equal(rebuilt.status, 0, rebuilt.stderr);
      assert.match(rebuilt.stdout, /line 2 RUN: cached/);
      assert.match(rebuilt.stdout, /line 3 COPY: .* rebuilt: src\/a\.txt changed/);
      const layers = cli(['layers', '--image', tag, '--format', 'json', dockerfile], env);
      assert.equal(layers.status, 0, layers.stderr);
      const rows = JSON.parse(layers.stdout) as { line: number; seconds?: number; cached?: boolean; rebuiltBecause?: string }[];
      const row = (line: number) => rows.find((r) => r.line === line)!;
      assert.equal(row(2).cached, true);
      assert.equal(row(3).cached, false);
      assert.equal(row(3).rebuiltBecause, 'src/a.txt changed');
      assert.equal(typeof row(4).seconds, 'number');
      assert.equal(row(4).cached, false);
    });
  });
