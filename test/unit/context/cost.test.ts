// Build-context walk and cost on real temp folders: .dockerignore with `!` exceptions and `**`, per COPY
// source figures (a bad glob costing only its own), top folders, the bound, and the cache's invalidate().
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { ContextSizeCache, copySourceCosts } from '../../../server/src/core/context/cost';
import { walkContext } from '../../../server/src/core/context/walk';
import { goGlob, sourceMatcher } from '../../../server/src/core/engine/copySources';

function tree(files: Record<string, number | string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-ctx-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), typeof content === 'number' ? Buffer.alloc(content) : content);
  }
  return dir;
}

describe('context/walk and context/cost', () => {
  it('honours .dockerignore: folders, ** globs and ! exceptions', async () => {
    const root = tree({
      '.dockerignore': '# deps\nnode_modules\n**/*.log\n!keep.log\ndocs\n!docs/README.md\n.git\n',
      'src/index.js': 1000,
      'src/debug.log': 500,
      'keep.log': 70,
      'x.log': 30,
      'node_modules/a/index.js': 5000,
      'docs/guide.md': 300,
      'docs/README.md': 40,
      '.git/HEAD': 20,
      Dockerfile: 'FROM x\n',
    });
    const walk = await walkContext(root);
    const sent = walk.files.map((f) => f.path).sort();
    assert.deepEqual(sent, ['.dockerignore', 'Dockerfile', 'docs/README.md', 'keep.log', 'src/index.js']);
    assert.equal(
      walk.totalBytes,
      sent.reduce((s, f) => s + fs.statSync(path.join(root, f)).size, 0),
    );
    assert.equal(walk.large, false);
    assert.equal(walk.dockerignore, path.join(root, '.dockerignore'));
  });

  it('top folders are the biggest ones sent, and a missing .dockerignore sends everything', async () => {
    const root = tree({ 'node_modules/big.bin': 7000, '.git/objects/pack': 3000, 'src/a.ts': 100, 'README.md': 10 });
    const walk = await walkContext(root);
    assert.deepEqual(
      walk.topFolders.map((f) => [f.name, f.bytes, f.files]),
      [
        ['node_modules', 7000, 1],
        ['.git', 3000, 1],
        ['src', 100, 1],
      ],
    );
    assert.equal(walk.dockerignore, undefined);
  });

  it('per COPY/ADD source: bytes and files, --from and URLs read nothing, $VARS are flagged', async () => {
    const root = tree({
      'package.json': 200,
      'package-lock.json': 300,
      'src/a.ts': 1000,
      'src/b.ts': 2000,
      'src/sub/c.ts': 50,
      'assets/logo.png': 4000,
    });
    const model = parseDockerfile(
      [
        'FROM node:20 AS build',
        'COPY package*.json ./',
        'COPY src /app/src',
        'COPY ["src/*.ts", "/app/top/"]',
        'ADD --chown=1:1 . /all',
        'ADD https://example.com/x.tgz /tmp/',
        'FROM nginx',
        'COPY --from=build /app /usr/share/nginx/html',
        'COPY $ASSETS /assets',
        '',
      ].join('\n'),
    );
    const costs = copySourceCosts(model, await walkContext(root));
    const row = (line: number) => costs.find((c) => c.line === line)!;
    assert.deepEqual([row(2).bytes, row(2).fileCount], [500, 2]);
    assert.deepEqual([row(3).bytes, row(3).fileCount], [3050, 3]);
    assert.deepEqual([row(4).bytes, row(4).fileCount], [3000, 2], '* does not cross folders');
    assert.deepEqual([row(5).bytes, row(5).fileCount], [7550, 6]);
    assert.equal(row(6).fromContext, false);
    assert.equal(row(8).fromContext, false);
    assert.equal(row(8).bytes, 0);
    assert.equal(row(9).unresolved, true);
  });

  it('a glob no name can match costs only its own COPY: the other sources keep their figures', async () => {
    const root = tree({ 'a.txt': 10, 'filez.txt': 5 });
    const model = parseDockerfile('FROM x\nCOPY file[z-a].txt /x/\nCOPY a.txt /y/\n');
    const costs = copySourceCosts(model, await walkContext(root));
    assert.deepEqual(
      costs.map((c) => [c.line, c.bytes, c.fileCount]),
      [
        [2, 0, 0],
        [3, 10, 1],
      ],
      'a reversed range matches nothing, as in Go',
    );
    assert.ok(!goGlob('file[z-a].txt').test('filez.txt'));
  });

  it('matches case-sensitively, as Docker does on Linux: *.md keeps NOTES.MD', async () => {
    const root = tree({
      '.dockerignore': '*.md\n!README.md\ndocs\n',
      'NOTES.MD': 1,
      'notes.md': 1,
      'README.md': 1,
      'readme.md': 1,
      'Docs/x.md': 1,
      'docs/y.md': 1,
    });
    const walk = await walkContext(root);
    assert.deepEqual(walk.files.map((f) => f.path).sort(), ['.dockerignore', 'Docs/x.md', 'NOTES.MD', 'README.md']);
  });

  it('stops at the file bound and says large', async () => {
    const files: Record<string, number> = {};
    for (let i = 0; i < 50; i++) files[`f/${i}.txt`] = 10;
    const walk = await walkContext(tree(files), { maxFiles: 20 });
    assert.equal(walk.large, true);
    assert.equal(walk.stoppedBy, 'files');
    assert.equal(walk.files.length, 20);
  });

  it('skips an ignored tree unless a ! exception reaches into it', async () => {
    const files: Record<string, number> = { 'app.js': 10 };
    for (let i = 0; i < 300; i++) files[`node_modules/m${i}.js`] = 1;
    files['node_modules/keep.js'] = 7;
    const plain = tree({ ...files, '.dockerignore': 'node_modules\n' });
    const skipped = await walkContext(plain, { maxFiles: 100 });
    assert.equal(skipped.large, false, 'the ignored folder is not walked, so it does not count toward the bound');
    const excepted = tree({ ...files, '.dockerignore': 'node_modules\n!node_modules/keep.js\n' });
    const walk = await walkContext(excepted);
    assert.deepEqual(walk.files.map((f) => f.path).sort(), ['.dockerignore', 'app.js', 'node_modules/keep.js']);
  });

  it('caches per folder until invalidated', async () => {
    const root = tree({ 'a.txt': 10 });
    const cache = new ContextSizeCache();
    const first = await cache.get(root);
    fs.writeFileSync(path.join(root, 'b.txt'), Buffer.alloc(5));
    assert.equal(await cache.get(root), first, 'same walk from the cache');
    cache.invalidate(root);
    const second = await cache.get(root);
    assert.equal(second.totalBytes, 15);
  });

  it('Go filepath.Match globs', () => {
    assert.ok(goGlob('*.json').test('package.json'));
    assert.ok(!goGlob('*.json').test('a/package.json'));
    assert.ok(goGlob('file?.[ab]').test('file1.a'));
    assert.ok(goGlob('[!a]x').test('bx') && !goGlob('[!a]x').test('ax'));
    assert.ok(sourceMatcher(['src'])('src/deep/file.ts'));
    assert.ok(!sourceMatcher(['src'])('srcs/file.ts'));
  });
  it('names the COPY sources that match nothing (an ignored file, a missing glob), but not an empty folder', async () => {
    const root = tree({ '.dockerignore': 'secrets.env\n', 'app.py': 10, 'secrets.env': 5, Dockerfile: 'FROM x\n' });
    fs.mkdirSync(path.join(root, 'empty'));
    const model = parseDockerfile(
      'FROM x\nCOPY app.py config/*.yaml /app/\nCOPY secrets.env /run/\nCOPY empty/ /data/\nCOPY $CONF /etc/\nCOPY . /src/\n',
    );
    const costs = copySourceCosts(model, await walkContext(root));
    assert.deepEqual(
      costs.map((c) => [c.line, c.unmatched]),
      [
        [2, ['config/*.yaml']],
        [3, ['secrets.env']],
        [4, []],
        [5, []], // a variable: not known
        [6, []],
      ],
    );
    fs.rmSync(root, { recursive: true, force: true });
  });
});
