// The build-context module (server/src/core/context) against what real builds send. A context with mixed-case
// names (NOTES.MD and notes.md under `*.md`, Docs/ and docs/, `!` exceptions, `**`), built with
// `COPY . /ctx/` by the classic builder and by BuildKit, then listed inside the image: the module's file set
// must equal each. With a `<Dockerfile>.dockerignore` the builders differ (BuildKit reads it, the classic
// builder only the context root's), and the Engine-API build's own tar must send what BuildKit sends.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { requireBaseImage, requireEngine } from '../helpers/docker';
import { dockerCli } from '../helpers/dockerCli';
import { walkContext } from '../../server/src/core/context/walk';
import type { Builder } from '../../server/src/core/context/ignoreFile';
import { buildWithApi } from '../../server/src/core/engine/build';

const CONTENT = [
  'NOTES.MD', 'notes.md', 'README.md', 'readme.md', 'Docs/x.md', 'docs/y.md', 'sub/NOTES.md', 'sub/a.txt',
  'sub/Deep/b.LOG', 'sub/Deep/c.log', 'Keep/z.log', 'Keep/inner/w.log', 'Secret.txt', 'secret.txt', 'app.js',
  'node_modules/m.js', 'node_modules/keep.js', 'node_modules/Keep.js',
];
const DOCKERIGNORE = '# comment\n*.md\n!README.md\ndocs\nSecret*\n**/*.log\n!Keep/**\nnode_modules\n!node_modules/keep.js\n';

describe('engine: the build-context module agrees with docker build', function () {
  this.timeout(600_000);
  let busybox: string;
  let root: string;
  const tags: string[] = [];

  before(async () => {
    busybox = await requireBaseImage('busybox');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-buildcontext-'));
    for (const name of CONTENT) {
      fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      fs.writeFileSync(path.join(root, name), `${name}\n`);
    }
    fs.writeFileSync(path.join(root, '.dockerignore'), DOCKERIGNORE);
    fs.writeFileSync(path.join(root, 'Dockerfile'), `FROM ${busybox}\nCOPY . /ctx/\n`);
    fs.mkdirSync(path.join(root, 'build'));
    fs.writeFileSync(path.join(root, 'build', 'App.Dockerfile'), `FROM ${busybox}\nCOPY . /ctx/\n`);
    fs.writeFileSync(path.join(root, 'build', 'App.Dockerfile.dockerignore'), 'sub\n*.js\n');
  });

  after(() => {
    for (const tag of tags) {
      try { execFileSync(dockerCli(), ['rmi', '-f', tag], { stdio: 'ignore' }); } catch { /* already gone */ }
    }
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  /** The files under /ctx of an image, context-relative and sorted: what the build sent. */
  function filesInImage(tag: string): string[] {
    const out = execFileSync(dockerCli(), ['run', '--rm', tag, 'find', '/ctx', '!', '-type', 'd'], { encoding: 'utf8' });
    return out.split('\n').filter(Boolean).map((line) => line.replace(/^\/ctx\//, '')).sort();
  }

  function buildWithDocker(dockerfile: string, builder: Builder): string[] {
    const tag = `context-buildcontext-${builder}-${path.basename(dockerfile).toLowerCase().replace(/\W/g, '')}-${process.pid}`;
    tags.push(tag);
    execFileSync(dockerCli(), ['build', '-q', '-f', dockerfile, '-t', tag, root], {
      env: { ...process.env, DOCKER_BUILDKIT: builder === 'buildkit' ? '1' : '0' }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    return filesInImage(tag);
  }

  async function moduleFiles(dockerfile: string, builder: Builder): Promise<string[]> {
    const walk = await walkContext(root, { dockerfile, builder, maxFiles: Number.POSITIVE_INFINITY, maxMs: Number.POSITIVE_INFINITY });
    assert.equal(walk.large, false);
    return walk.files.map((f) => f.path).sort();
  }

  for (const builder of ['classic', 'buildkit'] as const) {
    it(`${builder}: the context's .dockerignore, matched case-sensitively`, async () => {
      const dockerfile = path.join(root, 'Dockerfile');
      const sent = buildWithDocker(dockerfile, builder);
      assert.deepEqual(await moduleFiles(dockerfile, builder), sent);
      // What the agreement means, so that it cannot hold vacuously:
      assert.ok(sent.includes('NOTES.MD') && sent.includes('Docs/x.md') && sent.includes('sub/Deep/b.LOG') && sent.includes('node_modules/keep.js'), sent.join(' '));
      assert.ok(!sent.includes('notes.md') && !sent.includes('docs/y.md') && !sent.includes('node_modules/Keep.js'), sent.join(' '));
    });

    it(`${builder}: a Dockerfile-specific ignore file (read by BuildKit only)`, async () => {
      const dockerfile = path.join(root, 'build', 'App.Dockerfile');
      const sent = buildWithDocker(dockerfile, builder);
      assert.deepEqual(await moduleFiles(dockerfile, builder), sent);
      assert.equal(sent.includes('sub/a.txt'), builder === 'classic', sent.join(' '));
    });
  }

  it('the Engine API build sends what BuildKit would (its tar honours <Dockerfile>.dockerignore)', async () => {
    const dockerfile = path.join(root, 'build', 'App.Dockerfile');
    const tag = `context-buildcontext-api-${process.pid}`;
    tags.push(tag);
    const result = await buildWithApi({ dockerfile, context: root, tag }, await requireEngine());
    assert.equal(result.ok, true, result.message);
    assert.deepEqual(filesInImage(tag), await moduleFiles(dockerfile, 'buildkit'));
  });
});
