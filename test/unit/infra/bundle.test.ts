// What the bundles leave out: dockerode's BuildKit session code (@grpc/grpc-js, @grpc/proto-loader, protobufjs)
// is replaced at build time (scripts/lib/dockerode-without-buildkit.cjs) because Layerwise never opens a BuildKit
// session. The built bundles are read through their source maps (`npm run build` writes them); the replacement's
// behaviour is checked by bundling dockerode with the same plugin and calling the two entry points it replaced.
// That engine calls still work through the bundled dockerode is shown by test/engine (which uses dist/*.js).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../harness/paths';

const LEFT_OUT = /node_modules\/(@grpc\/|protobufjs\/|@protobufjs\/)/;

function bundledSources(bundle: string): string[] {
  // The CLI is split into one bundle per lazily loaded command (dist/cli-*.js): their sources together.
  const parts = bundle === 'cli.js' ? readdirSync(join(REPO_ROOT, 'dist')).filter((f) => /^cli(-[\w-]+)?\.js$/.test(f)) : [bundle];
  return parts.flatMap((part) => {
    const map = join(REPO_ROOT, 'dist', `${part}.map`);
    assert.ok(existsSync(map), `${map} is missing: run \`npm run build\` (it writes source maps) before the unit tests`);
    return (JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] }).sources;
  });
}

describe('bundles', () => {
  for (const bundle of ['server.js', 'cli.js']) {
    it(`dist/${bundle} holds dockerode without its BuildKit session code (gRPC, protobufjs)`, () => {
      const sources = bundledSources(bundle);
      assert.ok(
        sources.some((s) => /node_modules\/dockerode\/lib\/docker\.js$/.test(s)),
        'dockerode itself is bundled',
      );
      assert.deepEqual(
        sources.filter((s) => LEFT_OUT.test(s)),
        [],
      );
      assert.ok(
        sources.some((s) => s.includes('dockerode-left-out:./session')),
        'the session module is the replacement',
      );
    });
  }

  describe('the replaced dockerode modules', function () {
    this.timeout(60_000); // esbuild bundles dockerode; nothing here is timed
    let dir: string;
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'layerwise-bundle-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('fail with a message that says why, instead of loading gRPC', async () => {
      const esbuild = await import('esbuild');
      const plugin = require(join(REPO_ROOT, 'scripts', 'lib', 'dockerode-without-buildkit.cjs')) as import('esbuild').Plugin;
      const entry = join(dir, 'entry.js');
      // A BuildKit build asks for a session before dialling the engine: the socket below is never contacted.
      writeFileSync(
        entry,
        `
        const Docker = require('dockerode');
        const docker = new Docker({ socketPath: ${JSON.stringify(join(dir, 'no-engine.sock'))} });
        const out = {};
        try { docker.followProgress(null, () => undefined); } catch (e) { out.followProgress = e.message; }
        docker.buildImage({ context: ${JSON.stringify(dir)}, src: ['entry.js'] }, { version: '2' })
          .then(() => { out.buildImage = 'resolved'; }, (e) => { out.buildImage = e.message; })
          .then(() => console.log(JSON.stringify(out)));
      `,
      );
      const result = await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        write: false,
        metafile: true,
        logLevel: 'silent',
        nodePaths: [join(REPO_ROOT, 'node_modules')],
        external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
        plugins: [plugin],
      });
      assert.deepEqual(
        Object.keys(result.metafile.inputs).filter((s) => LEFT_OUT.test(s)),
        [],
      );
      const bundled = join(dir, 'bundled.js');
      writeFileSync(bundled, result.outputFiles[0].text);
      const run = spawnSync(process.execPath, [bundled], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const out = JSON.parse(run.stdout) as { followProgress: string; buildImage: string };
      assert.match(out.followProgress, /BuildKit progress is left out of the Layerwise bundle/);
      assert.match(out.buildImage, /BuildKit session is left out of the Layerwise bundle/);
    });
  });
});
