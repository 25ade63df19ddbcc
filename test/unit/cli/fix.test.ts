import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';

const BEFORE = 'from alpine:3.20 as Build\nADD app /app\nCMD node server.js\nUSER app\n';

describe('layerwise fix (spawned CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-fix-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), BEFORE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints the safely fixed text by default and writes nothing', () => {
    const result = runCli(['fix', 'Dockerfile'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'FROM alpine:3.20 AS build\nCOPY app /app\nCMD node server.js\nUSER app\n');
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), BEFORE);
  });

  it('--diff prints a unified diff that patch(1)-style tools accept and writes nothing', () => {
    const result = runCli(['fix', '--diff', 'Dockerfile'], { cwd: dir });
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^--- a\/Dockerfile\n\+\+\+ b\/Dockerfile\n@@ -1,4 \+1,4 @@\n-from alpine:3.20 as Build\n/);
    assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), BEFORE);
  });

  it('--write --unsafe also applies build-changing fixes; a second run changes nothing', () => {
    const first = runCli(['fix', '--write', '--unsafe', 'Dockerfile'], { cwd: dir });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Dockerfile: \d+ fixes applied/);
    assert.equal(
      fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'),
      'FROM alpine:3.20 AS build\nCOPY app /app\nCMD ["node", "server.js"]\nUSER app\n',
    );
    const second = runCli(['fix', '--diff', '--unsafe', 'Dockerfile'], { cwd: dir });
    assert.equal(second.stdout, '');
  });

  it('--rule limits the fixes, by id or by hadolint / BuildKit name', () => {
    assert.equal(
      runCli(['fix', '--rule', 'DL3020', 'Dockerfile'], { cwd: dir }).stdout,
      'from alpine:3.20 as Build\nCOPY app /app\nCMD node server.js\nUSER app\n',
    );
    assert.equal(
      runCli(['fix', '--rule', 'StageNameCasing', 'Dockerfile'], { cwd: dir }).stdout,
      'from alpine:3.20 as build\nADD app /app\nCMD node server.js\nUSER app\n',
    );
  });

  it('does not fix what .hadolint.yaml or a pragma ignores', () => {
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'ignored: [DL3020]\n');
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM alpine:3.20\nADD a /a\n# layerwise ignore=multiple-cmd-entrypoint\nCMD ["a"]\nCMD ["b"]\n',
    );
    assert.equal(
      runCli(['fix', 'Dockerfile'], { cwd: dir }).stdout,
      'FROM alpine:3.20\nADD a /a\n# layerwise ignore=multiple-cmd-entrypoint\nCMD ["a"]\nCMD ["b"]\n',
    );
  });

  it('usage errors exit 2: unknown rule, --write with --diff, --write on stdin, missing file', () => {
    for (const args of [
      ['fix', '--rule', 'nope', 'Dockerfile'],
      ['fix', '--write', '--diff', 'Dockerfile'],
      ['fix', '--write', '-'],
      ['fix'],
    ]) {
      const result = runCli(args, { cwd: dir, input: '' });
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /^layerwise: /);
    }
    const missing = runCli(['fix', '--diff', 'nope', 'Dockerfile'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /^--- a\/Dockerfile/, 'the other file is still fixed');
  });
});
