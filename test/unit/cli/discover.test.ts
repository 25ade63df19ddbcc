// Folders and globs given to `lint` / `fix` (cli/discover.ts): Dockerfiles found by name, ignore files honoured,
// a stable order, and what is found is what the spawned CLI lints.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { expandInputs, isDockerfileName } from '../../../server/src/cli/discover';
import { runCli } from './runCli';

function tree(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
}

describe('cli/discover: folders and globs', () => {
  let root: string;
  let cwd: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-discover-'));
    cwd = process.cwd();
    process.chdir(root);
  });
  afterEach(() => {
    process.chdir(cwd);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('knows Dockerfiles and Containerfiles by name, not their ignore files', () => {
    for (const name of ['Dockerfile', 'Containerfile', 'Dockerfile.dev', 'dockerfile', 'api.Dockerfile', 'web.containerfile'])
      assert.ok(isDockerfileName(name), name);
    for (const name of ['Dockerfile.dockerignore', '.dockerignore', 'README.md', 'Dockerfiles.txt', 'my-dockerfile.yaml'])
      assert.ok(!isDockerfileName(name), name);
  });

  it('searches a folder in path order, skipping .gitignore, .dockerignore folders, .git and node_modules', () => {
    fs.mkdirSync(path.join(root, '.git'));
    tree(root, {
      '.gitignore': 'generated/\n*.tmp.Dockerfile\n',
      '.dockerignore': 'vendor\nDockerfile\n',
      Dockerfile: 'FROM a\n',
      'b/Dockerfile': 'FROM b\n',
      'a/Containerfile': 'FROM a\n',
      'a/api.Dockerfile': 'FROM a\n',
      'a/old.tmp.Dockerfile': 'FROM old\n',
      'a/README.md': 'not a Dockerfile\n',
      'generated/Dockerfile': 'FROM generated\n',
      'vendor/Dockerfile': 'FROM vendor\n',
      'node_modules/pkg/Dockerfile': 'FROM dependency\n',
      'services/.gitignore': '!keep/\nskip/\n',
      'services/skip/Dockerfile': 'FROM skipped\n',
      'services/keep/Dockerfile': 'FROM kept\n',
    });
    const errors: string[] = [];
    assert.deepEqual(
      expandInputs(['.'], (m) => errors.push(m)),
      ['Dockerfile', 'a/Containerfile', 'a/api.Dockerfile', 'b/Dockerfile', 'services/keep/Dockerfile'],
    );
    assert.deepEqual(errors, []);
    // A subfolder is searched under the repository's outer .gitignore too.
    tree(root, { 'services/generated/Dockerfile': 'FROM generated\n' });
    assert.deepEqual(
      expandInputs(['services'], () => undefined),
      [path.join('services', 'keep', 'Dockerfile')],
    );
  });

  it('matches globs below their fixed folders, at the depth they name, in order and without repeats', () => {
    tree(root, {
      'svc/a/Dockerfile': 'FROM a\n',
      'svc/a/deep/Dockerfile': 'FROM deep\n',
      'svc/b/Dockerfile.prod': 'FROM b\n',
      'svc/c/notes.txt': 'x\n',
      'other.txt': 'FROM other\n',
    });
    const noErrors = (m: string) => assert.fail(m);
    assert.deepEqual(expandInputs(['svc/*/Dockerfile*'], noErrors), ['svc/a/Dockerfile', 'svc/b/Dockerfile.prod']);
    assert.deepEqual(expandInputs(['svc/**/Dockerfile', 'svc/a/Dockerfile'], noErrors), ['svc/a/Dockerfile', 'svc/a/deep/Dockerfile']);
    // A glob takes any name it matches (the user named it); a plain file is taken as it is.
    assert.deepEqual(expandInputs(['*.txt', '-', 'missing'], noErrors), ['other.txt', '-', 'missing']);
  });

  it('reports a folder without Dockerfiles and a glob that matches nothing', () => {
    tree(root, { 'docs/README.md': 'x\n' });
    const errors: string[] = [];
    assert.deepEqual(
      expandInputs(['docs', 'nothing/*/Dockerfile'], (m) => errors.push(m)),
      [],
    );
    assert.deepEqual(errors, ['docs: no Dockerfile or Containerfile in this folder', 'nothing/*/Dockerfile: no file matches']);
  });

  it('the spawned CLI lints what a folder holds and exits 1 on its findings', function () {
    this.timeout(60_000);
    tree(root, { 'a/Dockerfile': 'FROM alpine:3.20\nADD app /app\n', 'b/Containerfile': 'FROM alpine:3.20\nUSER app\n' });
    const result = runCli(['lint', '--format', 'json', '.'], { cwd: root });
    assert.equal(result.code, 1, result.stderr);
    const json = JSON.parse(result.stdout) as { file: string; diagnostics: { rule: string }[] }[];
    assert.deepEqual(
      json.map((r) => r.file),
      ['a/Dockerfile', 'b/Containerfile'],
    );
    assert.ok(json[0].diagnostics.some((d) => d.rule === 'add-instead-of-copy'));
  });
});
