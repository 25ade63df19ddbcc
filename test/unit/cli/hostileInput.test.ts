// What `layerwise lint` and `fix` do with input that is not clean UTF-8 text, or that breaks a third-party parser,
// or that carries terminal escapes: bytes no fix touched survive `fix --write`, binary input is refused (exit 2,
// named) while the other files are still processed, a file that breaks dockerfile-utils is still linted by our
// rules, and Dockerfile text reaches the terminal with its control characters made visible.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';

const GOOD = 'FROM alpine:3.20\nADD app /app\nUSER app\n';

describe('layerwise lint / fix on hostile input (spawned CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  const write = (name: string, content: string | Buffer) => fs.writeFileSync(path.join(dir, name), content);
  const read = (name: string) => fs.readFileSync(path.join(dir, name));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-hostile-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('fix --write keeps a Latin-1 comment byte for byte and changes only the fixed instruction', () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    write('Dockerfile', latin1('# Grüße aus München, ©\r\nFROM alpine:3.20\r\nADD app /app\r\nUSER app\r\n'));
    const result = runCli(['fix', '--write', 'Dockerfile'], { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Dockerfile: 1 fix applied/);
    assert.deepEqual(read('Dockerfile'), latin1('# Grüße aus München, ©\r\nFROM alpine:3.20\r\nCOPY app /app\r\nUSER app\r\n'));
  });

  it('fix keeps stray invalid bytes in a comment, next to valid UTF-8, when printing and when writing', () => {
    const before = Buffer.concat([
      Buffer.from('# stray: '),
      Buffer.from([0xff, 0xfe, 0x80, 0xc3]),
      Buffer.from(' ünïcödé 🐳 '),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\nFROM alpine:3.20\nADD app /app\nUSER app\n'),
    ]);
    const after = Buffer.from(before.toString('latin1').replace('ADD app', 'COPY app'), 'latin1');
    write('Dockerfile', before);
    const printed = runCli(['fix', 'Dockerfile'], { cwd: dir });
    assert.equal(printed.code, 0, printed.stderr);
    // The printed text went through a UTF-8 string in the test runner: compare what survives that, then the file.
    assert.equal(printed.stdout, after.toString('utf8'));
    const written = runCli(['fix', '--write', 'Dockerfile'], { cwd: dir });
    assert.equal(written.code, 0, written.stderr);
    assert.deepEqual(read('Dockerfile'), after);
  });

  it('refuses binary input with exit 2, naming the file, and still lints and fixes the other file', () => {
    const binary = Buffer.alloc(6000);
    for (let i = 0; i < binary.length; i++) binary[i] = (i * 7919) % 256;
    write('binary', Buffer.concat([binary, Buffer.from('\nADD a /a\n')]));
    write('mostly-invalid', Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 3 === 0 ? 0x41 : 0x80 + (i % 64)))));
    write('Dockerfile', GOOD);
    const linted = runCli(['lint', '--format', 'json', 'binary', 'mostly-invalid', 'Dockerfile'], { cwd: dir });
    assert.equal(linted.code, 2);
    assert.match(linted.stderr, /binary: not read, contains NUL bytes/);
    assert.match(linted.stderr, /mostly-invalid: not read, \d+ of 400 bytes are not UTF-8/);
    const json = JSON.parse(linted.stdout);
    assert.deepEqual(
      json.map((r: { file: string }) => r.file),
      ['Dockerfile'],
    );
    assert.ok(json[0].diagnostics.some((d: { rule: string }) => d.rule === 'add-instead-of-copy'));
    const binaryBefore = read('binary');
    const fixed = runCli(['fix', '--write', 'binary', 'Dockerfile'], { cwd: dir });
    assert.equal(fixed.code, 2);
    assert.match(fixed.stderr, /binary: not read/);
    assert.deepEqual(read('binary'), binaryBefore, 'the binary file is not written');
    assert.equal(read('Dockerfile').toString(), GOOD.replace('ADD', 'COPY'));
  });

  it('lints a file whose first line ` ARG V=$V` breaks dockerfile-utils: named, our findings kept, the next file linted', () => {
    write('indented', ' ARG V=$V\nFROM alpine\nADD app /app\n');
    write('Dockerfile', GOOD);
    const result = runCli(['lint', '--format', 'json', 'indented', 'Dockerfile'], { cwd: dir });
    assert.match(result.stderr, /indented: syntax checks skipped, dockerfile-utils failed/);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(
      json.map((r: { file: string }) => r.file),
      ['indented', 'Dockerfile'],
    );
    for (const file of json)
      assert.ok(
        file.diagnostics.some((d: { rule: string }) => d.rule === 'add-instead-of-copy'),
        file.file,
      );
    assert.ok(json[0].diagnostics.some((d: { rule: string }) => d.rule === 'untagged-image'));
    assert.equal(result.code, 1, 'findings decide the exit code; a skipped third-party check is a note');
  });

  it('shows control characters of Dockerfile text in code frames as visible escapes (no OSC 52, no ESC)', () => {
    const osc52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
    write('Dockerfile', `FROM alpine:3.20\nADD ${osc52}app\u009b31m /app\nUSER app\n`);
    write(`evil\x1b[2Jname`, GOOD);
    const result = runCli(['lint', 'Dockerfile', `evil\x1b[2Jname`], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    for (const raw of ['\x1b', '\x07', '\u009b']) assert.ok(!result.stdout.includes(raw), `raw ${JSON.stringify(raw)} in the output`);
    assert.match(result.stdout, /ADD \\x1b\]52;c;ZWNobyBwd25lZA==\\x07app\\x9b31m \/app/);
    assert.match(result.stdout, /^evil\\x1b\[2Jname:2:1: /m);
    // The caret still sits under ADD, the finding's range, after the widened line.
    assert.ok(result.stdout.includes(`>    2 | ADD \\x1b]52;c;ZWNobyBwd25lZA==\\x07app\\x9b31m /app\n       | ^^^\n`), result.stdout);
  });

  it('lints a file over the syntax-check size with all rules, saying the syntax checks were skipped', () => {
    write('huge', 'FROM alpine:3.20\n' + '# padding\n'.repeat(30_000) + 'ADD a /a\nUSER app\n');
    const result = runCli(['lint', '--format', 'json', 'huge'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /huge: syntax checks skipped, the file is over 256 KB \(all rules ran\)/);
    const adds = JSON.parse(result.stdout)[0].diagnostics.filter((d: { rule: string }) => d.rule === 'add-instead-of-copy');
    assert.deepEqual(
      adds.map((d: { line: number }) => d.line),
      [30_002],
    );
  });
});
