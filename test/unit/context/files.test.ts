// The build-context facts fixes read: files and folders as the context has them (.dockerignore applied),
// small files' text, and a bounded search that skips dependency and build-output folders.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildContextFiles } from '../../../server/src/core/context/files';
import { ruleContextFor } from '../../../server/src/core/config/configuredContext';

describe('build context files', () => {
  let root: string;
  const write = (relative: string, text = '') => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), text);
  };
  beforeEach(() => { root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-context-')); });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('tells files from folders, reads small files, and stays inside the context', () => {
    write('Cargo.toml', '[package]\n');
    write('src/main.rs');
    write('big.txt', 'x'.repeat(300 * 1024));
    const files = buildContextFiles(root);
    assert.equal(files.kind('Cargo.toml'), 'file');
    assert.equal(files.kind('./src/'), 'directory');
    assert.equal(files.kind('Cargo.lock'), undefined);
    assert.equal(files.read('Cargo.toml'), '[package]\n');
    assert.equal(files.read('big.txt'), undefined, 'larger than 256 KB');
    assert.equal(files.kind('../'), undefined, 'outside the context');
  });

  it('sees the context through .dockerignore, as ruleContextFor reads it', () => {
    write('Dockerfile', 'FROM scratch\n');
    write('.dockerignore', '# comment\nsecrets\n**/*.local.csproj\n');
    write('secrets/key');
    write('App/App.csproj');
    write('App/App.local.csproj');
    const files = ruleContextFor(path.join(root, 'Dockerfile')).contextFiles!;
    assert.equal(files.kind('secrets'), undefined);
    assert.equal(files.read('secrets/key'), undefined);
    assert.deepEqual(files.find(/\.csproj$/, 3), ['App/App.csproj']);
  });

  it('finds by name within a depth, without looking into dependency and output folders', () => {
    write('a.sln');
    write('src/Api/Api.csproj');
    write('src/deep/er/still/Deep.csproj');
    write('node_modules/pkg/x.csproj');
    write('src/Api/bin/Debug/Api.csproj');
    write('src/Api/obj/Api.csproj');
    const files = buildContextFiles(root);
    assert.deepEqual(files.find(/\.(sln|csproj)$/, 2), ['a.sln', 'src/Api/Api.csproj']);
    assert.deepEqual(files.find(/\.csproj$/, 4), ['src/Api/Api.csproj', 'src/deep/er/still/Deep.csproj']);
  });
});
