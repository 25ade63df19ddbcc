// The CLI given files that would block or exhaust a plain reader — a FIFO or /dev/zero as an input, a
// .hadolint.yaml, .dockerignore or Dockerfile.dockerignore that is a FIFO, a symlink to /dev/zero or huge:
// each is refused with a message naming the file and what it is (exit 2), and the other files are still linted.
// A hang would fail through runCli's 60 s spawn timeout and mocha's.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';
import { HOSTILE_KINDS, HOSTILE_MESSAGE, makeHostileFile } from '../../helpers/hostileFiles';

describe('layerwise lint with hostile files (spawned CLI)', function () {
  this.timeout(120_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-hostile-cli-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:latest\nCOPY notes.md /n\nUSER nobody\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lintedFiles = (stdout: string) => (JSON.parse(stdout) as { file: string }[]).map((r) => r.file);

  it('a FIFO and /dev/zero given as inputs: exit 2 naming each, the Dockerfile still linted', () => {
    makeHostileFile(path.join(dir, 'pipe'), 'fifo');
    const result = runCli(['lint', '--format', 'json', 'pipe', 'Dockerfile', '/dev/zero'], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /^layerwise: pipe: is a FIFO \(named pipe\), not a regular file: not read$/m);
    assert.match(result.stderr, /^layerwise: \/dev\/zero: is a character device, not a regular file: not read$/m);
    assert.deepEqual(lintedFiles(result.stdout), ['Dockerfile']);
  });

  for (const name of ['.hadolint.yaml', '.dockerignore', 'Dockerfile.dockerignore']) {
    for (const kind of HOSTILE_KINDS) {
      it(`${name} that is ${kind}: exit 2 naming it, the Dockerfile still linted`, () => {
        makeHostileFile(path.join(dir, name), kind);
        const result = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
        assert.equal(result.code, 2, result.stderr);
        const line = result.stderr.split('\n').find((l) => l.includes(name)) ?? '';
        assert.match(line, HOSTILE_MESSAGE[kind], result.stderr);
        const [linted] = JSON.parse(result.stdout) as { file: string; diagnostics: { rule: string }[] }[];
        assert.equal(linted.file, 'Dockerfile');
        assert.ok(linted.diagnostics.length > 0, 'the Dockerfile findings are reported');
      });
    }
  }

  it('--config naming a FIFO: exit 2 naming it, linting goes on without it', () => {
    makeHostileFile(path.join(dir, 'config.yaml'), 'fifo');
    const result = runCli(['lint', '--format', 'json', '--config', 'config.yaml', 'Dockerfile'], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /config\.yaml: cannot read config \(is a FIFO \(named pipe\), not a regular file: not read\)/);
    assert.deepEqual(lintedFiles(result.stdout), ['Dockerfile']);
  });

  it('layers and analyze refuse a FIFO Dockerfile, and analyze a device as its archive, before any engine request', () => {
    makeHostileFile(path.join(dir, 'pipe'), 'fifo');
    const layers = runCli(['layers', '--image', 'layerwise-test/busybox:1', 'pipe'], { cwd: dir });
    assert.equal(layers.code, 2, layers.stderr);
    assert.match(layers.stderr, /^layerwise: pipe: is a FIFO/m);
    const analyzeDockerfile = runCli(['analyze', '--dockerfile', 'pipe', '--archive', '/dev/null'], { cwd: dir });
    assert.equal(analyzeDockerfile.code, 2, analyzeDockerfile.stderr);
    assert.match(analyzeDockerfile.stderr, /^layerwise: pipe: is a FIFO/m);
    const analyzeZero = runCli(['analyze', '--archive', '/dev/zero'], { cwd: dir });
    assert.equal(analyzeZero.code, 2, analyzeZero.stderr);
    assert.match(analyzeZero.stderr, /^layerwise: \/dev\/zero: is a character device, not an image archive: not read$/m);
  });

  it('fix refuses a FIFO input the same way', () => {
    makeHostileFile(path.join(dir, 'pipe'), 'fifo');
    const result = runCli(['fix', 'pipe'], { cwd: dir });
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /pipe: is a FIFO/);
  });
});
