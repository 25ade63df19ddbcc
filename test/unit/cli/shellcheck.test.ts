// `layerwise lint` with ShellCheck (the real binary): SC findings at their exact line and column inside RUN in
// JSON and SARIF, `.hadolint.yaml` `ignored`, `--ignore`, and a missing binary noted once without failing.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';
import { requireShellcheck } from '../../helpers/shellcheck';

const DOCKERFILE = 'FROM debian:12\nARG VERSION\nRUN echo "$VERSION" \\\n  && tar xf $archive\n';
const LINE = 4;
const COLUMN = DOCKERFILE.split('\n')[LINE - 1].indexOf('$archive') + 1;

interface JsonDiagnostic {
  rule: string;
  severity: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

describe('layerwise lint with ShellCheck (spawned CLI, real shellcheck binary)', function () {
  this.timeout(60_000);
  let dir: string;
  before(function () {
    requireShellcheck(this);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-shellcheck-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const sc = (stdout: string): JsonDiagnostic[] =>
    (JSON.parse(stdout)[0].diagnostics as JsonDiagnostic[]).filter((d) => /^SC\d{4}$/.test(d.rule));

  it('reports SC findings at their exact line and column in JSON, and fails on the warning', () => {
    const result = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(sc(result.stdout), [
      {
        rule: 'SC2154',
        severity: 'warning',
        line: LINE,
        column: COLUMN,
        endLine: LINE,
        endColumn: COLUMN + 8,
        ...pick(result.stdout, 'SC2154'),
      },
      {
        rule: 'SC2086',
        severity: 'info',
        line: LINE,
        column: COLUMN,
        endLine: LINE,
        endColumn: COLUMN + 8,
        ...pick(result.stdout, 'SC2086'),
      },
    ]);
    assert.equal(result.stderr, '');
  });

  it('honours .hadolint.yaml ignored and --ignore by SC code, and --ignore shellcheck', () => {
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'ignored: [SC2154]\n');
    const ignored = runCli(['lint', '--format', 'json', 'Dockerfile'], { cwd: dir });
    assert.deepEqual(
      sc(ignored.stdout).map((d) => d.rule),
      ['SC2086'],
    );
    const both = runCli(['lint', '--format', 'json', '--ignore', 'SC2086', 'Dockerfile'], { cwd: dir });
    assert.deepEqual(sc(both.stdout), []);
    fs.rmSync(path.join(dir, '.hadolint.yaml'));
    const off = runCli(['lint', '--format', 'json', '--ignore', 'shellcheck', 'Dockerfile'], { cwd: dir });
    assert.equal(off.code, 0, off.stdout);
    assert.deepEqual(sc(off.stdout), []);
  });

  it('puts SC results in SARIF without a rule index', () => {
    const result = runCli(['lint', '--format', 'sarif', 'Dockerfile'], { cwd: dir });
    const results = JSON.parse(result.stdout).runs[0].results as { ruleId: string; ruleIndex?: number; locations: any[] }[];
    const sc2154 = results.find((r) => r.ruleId === 'SC2154');
    assert.ok(sc2154);
    assert.equal(sc2154.ruleIndex, undefined);
    assert.deepEqual(sc2154.locations[0].physicalLocation.region, {
      startLine: LINE,
      startColumn: COLUMN,
      endLine: LINE,
      endColumn: COLUMN + 8,
    });
  });

  it('with --shellcheck naming a missing binary: one note on stderr, the rules still report, no SC findings', () => {
    // Two files (the same one named twice is linted once): the missing binary is still said once.
    fs.copyFileSync(path.join(dir, 'Dockerfile'), path.join(dir, 'Containerfile'));
    const result = runCli(['lint', '--format', 'json', '--shellcheck', path.join(dir, 'no-shellcheck'), 'Dockerfile', 'Containerfile'], {
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).length, 2);
    assert.deepEqual(sc(result.stdout), []);
    const notes = result.stderr.split('\n').filter((l) => l.includes('ShellCheck not run'));
    assert.equal(notes.length, 1, result.stderr);
  });
});

/** The fields of a diagnostic the test does not pin (message, aliases, fixes), taken from the output itself. */
function pick(stdout: string, rule: string): object {
  const d = (JSON.parse(stdout)[0].diagnostics as (JsonDiagnostic & Record<string, unknown>)[]).find((x) => x.rule === rule)!;
  return { message: d.message, aliases: d.aliases, fixes: d.fixes };
}
