import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';

const DOCKERFILE = 'FROM alpine:3.20 as build\nADD app /app\nUSER app\n';

describe('layerwise lint (spawned CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints JSON exactly in the documented shape, 1-based, and exits 1 on warnings', () => {
    const result = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.equal(json.length, 1);
    assert.deepEqual(Object.keys(json[0]), ['file', 'diagnostics']);
    assert.equal(json[0].file, 'Dockerfile');
    const add = json[0].diagnostics.find((d: { rule: string }) => d.rule === 'add-instead-of-copy');
    assert.deepEqual(add, {
      rule: 'add-instead-of-copy',
      aliases: ['DL3020'],
      severity: 'warning',
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 4,
      message: add.message,
      fixes: [{ title: 'Replace ADD with COPY', safe: true }],
    });
    const casing = json[0].diagnostics.find((d: { rule: string }) => d.rule === 'from-as-casing');
    assert.equal(casing.line, 1);
    assert.equal(casing.column, 18);
  });

  it('text format shows code frames with a caret under the finding', () => {
    const result = runCli(['lint', 'Dockerfile'], { cwd: dir });
    assert.match(
      result.stdout,
      /Dockerfile:2:1: warning .*\[add-instead-of-copy\]\n {5}1 \| FROM alpine:3.20 as build\n> {4}2 \| ADD app \/app\n {7}\| \^\^\^\n/,
    );
    assert.match(result.stdout, /\n2 problems \(2 warnings\) in 1 file\n$/);
  });

  it('honours --failure-threshold, and .hadolint.yaml failure-threshold / ignored / override', () => {
    assert.equal(runCli(['lint', '--failure-threshold', 'error', 'Dockerfile'], { cwd: dir }).code, 0);
    assert.equal(runCli(['lint', '--failure-threshold=none', 'Dockerfile'], { cwd: dir }).code, 0);
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'failure-threshold: error\n');
    assert.equal(runCli(['lint', 'Dockerfile'], { cwd: dir }).code, 0);
    assert.equal(runCli(['lint', '--failure-threshold', 'warning', 'Dockerfile'], { cwd: dir }).code, 1, 'the flag wins over the file');
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'failure-threshold: error\noverride:\n  error: [DL3020]\nignored: [FromAsCasing]\n');
    const result = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
    assert.equal(result.code, 1);
    const rules = JSON.parse(result.stdout)[0].diagnostics.map((d: { rule: string; severity: string }) => `${d.rule}:${d.severity}`);
    assert.ok(rules.includes('add-instead-of-copy:error'));
    assert.ok(!rules.some((r: string) => r.startsWith('from-as-casing')));
  });

  it('--config and --ignore', () => {
    fs.writeFileSync(path.join(dir, 'strict.yaml'), 'override:\n  error: [from-as-casing]\n');
    const result = runCli(['lint', '--format=json', '--config', 'strict.yaml', '--ignore', 'DL3020', 'Dockerfile'], { cwd: dir });
    const diagnostics = JSON.parse(result.stdout)[0].diagnostics;
    assert.equal(diagnostics.find((d: { rule: string }) => d.rule === 'from-as-casing').severity, 'error');
    assert.ok(!diagnostics.some((d: { rule: string }) => d.rule === 'add-instead-of-copy'));
  });

  it("reads the build context's .dockerignore (Dockerfile-specific one first)", () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\nCOPY notes.md /n\nUSER nobody\n');
    const rulesOf = () =>
      JSON.parse(runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir }).stdout)[0].diagnostics.map(
        (d: { rule: string }) => d.rule,
      );
    assert.ok(!rulesOf().includes('copy-ignored-file'));
    fs.writeFileSync(path.join(dir, '.dockerignore'), '*.md\n');
    assert.ok(rulesOf().includes('copy-ignored-file'));
    fs.writeFileSync(path.join(dir, 'Dockerfile.dockerignore'), '# only this one applies\n.git\n');
    assert.ok(!rulesOf().includes('copy-ignored-file'));
  });

  it('exits 0 on a clean file and lints standard input', () => {
    fs.writeFileSync(path.join(dir, 'Clean'), 'FROM alpine:3.20\nUSER nobody\n');
    const clean = runCli(['lint', 'Clean'], { cwd: dir });
    assert.equal(clean.code, 0, clean.stdout);
    const stdin = runCli(['lint', '--format', 'json', '-'], { cwd: dir, input: 'FROM alpine:latest\nUSER nobody\n' });
    assert.equal(stdin.code, 1);
    assert.equal(JSON.parse(stdin.stdout)[0].file, '<stdin>');
  });

  it('exits 2 on unreadable files with a clear message, still linting the others', () => {
    // A folder is searched for Dockerfiles (test/unit/cli/discover.test.ts); one without any is reported.
    fs.mkdirSync(path.join(dir, 'empty'), { recursive: true });
    const result = runCli(['lint', '--format', 'json', 'missing', 'Dockerfile', 'empty'], { cwd: dir });
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^layerwise: missing: no such file$/m);
    assert.match(result.stderr, /^layerwise: empty: no Dockerfile or Containerfile in this folder$/m);
    assert.equal(JSON.parse(result.stdout)[0].file, 'Dockerfile');
  });

  it('exits 2 with a one-line message on usage errors and broken config', () => {
    for (const args of [
      ['lint'],
      ['lint', '--format', 'xml', 'Dockerfile'],
      ['lint', '--nope', 'Dockerfile'],
      ['lint', '--failure-threshold', 'loud', 'Dockerfile'],
      ['lint', '--ignore', 'no-such-rule', 'Dockerfile'],
      ['frobnicate'],
    ]) {
      const result = runCli(args, { cwd: dir });
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr.split('\n')[0], /^layerwise: \S.*$/, args.join(' '));
      assert.ok(!/\n\s+at /.test(result.stderr), 'no stack trace');
    }
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'ignored: [\n');
    const broken = runCli(['lint', 'Dockerfile'], { cwd: dir });
    assert.equal(broken.code, 2);
    assert.match(broken.stderr, /\.hadolint\.yaml: not valid YAML/);
    assert.match(broken.stdout, /add-instead-of-copy/, 'still lints');
  });

  it('survives hostile input: BOM, CRLF, unterminated heredoc, a 1 MB line; refuses binary, naming it', () => {
    const files: Record<string, string | Buffer> = {
      binary: Buffer.from([0, 1, 2, 255, 254, 10, 13, 0, 70, 82, 79, 77]),
      bom: '\uFEFFFROM alpine:latest\r\nADD a /a\r\n',
      heredoc: 'FROM alpine:3\nRUN <<EOF\necho never closed\n',
      longline: 'FROM alpine:3\nRUN echo ' + 'x'.repeat(1_000_000) + '\n',
      escape: '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n',
    };
    for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
    const result = runCli(['lint', '--format', 'json', ...Object.keys(files)], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.deepEqual(
      JSON.parse(result.stdout).map((r: { file: string }) => r.file),
      Object.keys(files).filter((f) => f !== 'binary'),
    );
    assert.equal(
      result.stderr,
      'layerwise: binary: not read, contains NUL bytes: a binary file (or UTF-16), not a Dockerfile\n' +
        'layerwise: longline: syntax checks skipped, the file is over 256 KB (all rules ran)\n',
    );
  });
});
