// `layerwise lint` honours hadolint's HADOLINT_* variables and the CLI keys of .hadolint.yaml (no-fail, format,
// no-color, verbose), with hadolint's precedence: flags over variables over the file.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';
import { textColor } from '../../../server/src/cli/lint';

// add-instead-of-copy (DL3020) and from-as-casing (FromAsCasing): two warnings.
const DOCKERFILE = 'FROM alpine:3.20 as build\nADD app /app\nUSER app\n';

describe('layerwise lint: HADOLINT_* variables and .hadolint.yaml CLI keys (spawned CLI)', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-hadolint-env-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lint = (env: Record<string, string>, args: string[] = []) => runCli(['lint', ...args, 'Dockerfile'], { cwd: dir, env });
  const rules = (env: Record<string, string>, args: string[] = []) => {
    const result = lint(env, ['--format', 'json', ...args]);
    return (JSON.parse(result.stdout)[0].diagnostics as { rule: string; severity: string }[]).map((d) => `${d.rule}:${d.severity}`).sort();
  };

  it('HADOLINT_NOFAIL and HADOLINT_FAILURE_THRESHOLD decide the exit code; the flag wins', () => {
    assert.equal(lint({}).code, 1);
    assert.equal(lint({ HADOLINT_NOFAIL: '1' }).code, 0);
    assert.equal(lint({ HADOLINT_FAILURE_THRESHOLD: 'error' }).code, 0);
    assert.equal(lint({ HADOLINT_FAILURE_THRESHOLD: 'error' }, ['--failure-threshold', 'warning']).code, 1, 'the flag wins');
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'failure-threshold: error\n');
    assert.equal(lint({}).code, 0);
    assert.equal(lint({ HADOLINT_FAILURE_THRESHOLD: 'warning' }).code, 1, 'the variable wins over the file');
  });

  it('HADOLINT_IGNORE and HADOLINT_OVERRIDE_* change what is reported, by hadolint code or BuildKit name', () => {
    assert.deepEqual(rules({}), ['add-instead-of-copy:warning', 'from-as-casing:warning']);
    assert.deepEqual(rules({ HADOLINT_IGNORE: 'DL3020,FromAsCasing' }), []);
    assert.deepEqual(rules({ HADOLINT_OVERRIDE_ERROR: 'DL3020', HADOLINT_OVERRIDE_STYLE: 'FromAsCasing' }), [
      'add-instead-of-copy:error',
      'from-as-casing:hint',
    ]);
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM debian:12-slim\nRUN apt-get install -y --no-install-recommends jq && rm -rf /var/lib/apt/lists/*\nUSER app\n',
    );
    assert.deepEqual(rules({}), [], 'version pinning is opt-in');
    assert.deepEqual(rules({ HADOLINT_OVERRIDE_INFO: 'DL3008' }), ['apt-version-unpinned:info'], 'an override turns it on');
  });

  it('HADOLINT_TRUSTED_REGISTRIES, HADOLINT_REQUIRE_LABELS and HADOLINT_STRICT_LABELS reach the rules', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM other.registry.example/app:1\nLABEL version="1.0" extra=x\nUSER app\n');
    assert.deepEqual(rules({}), []);
    assert.deepEqual(rules({ HADOLINT_TRUSTED_REGISTRIES: 'docker.io' }), ['untrusted-registry:error']);
    assert.deepEqual(rules({ HADOLINT_TRUSTED_REGISTRIES: 'docker.io,*.registry.example' }), []);
    assert.deepEqual(rules({ HADOLINT_REQUIRE_LABELS: 'version:semver,author:email', HADOLINT_STRICT_LABELS: 'true' }), [
      'label-missing:info',
      'label-not-semver:warning',
      'label-superfluous:info',
    ]);
  });

  it('HADOLINT_DISABLE_IGNORE_PRAGMA and disable-ignore-pragma make ignore comments count for nothing', () => {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM alpine:3.20\n# hadolint ignore=DL3020\nADD app /app\nUSER app\n');
    assert.deepEqual(rules({}), []);
    assert.deepEqual(rules({ HADOLINT_DISABLE_IGNORE_PRAGMA: 'true' }), ['add-instead-of-copy:warning']);
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'disable-ignore-pragma: true\n');
    assert.deepEqual(rules({}), ['add-instead-of-copy:warning']);
  });

  it('HADOLINT_FORMAT and the file key format choose the output; --format wins', () => {
    assert.doesNotThrow(() => JSON.parse(lint({ HADOLINT_FORMAT: 'json' }).stdout));
    assert.equal(JSON.parse(lint({ HADOLINT_FORMAT: 'sarif' }).stdout).version, '2.1.0');
    assert.match(lint({ HADOLINT_FORMAT: 'json' }, ['--format', 'text']).stdout, /Dockerfile:2:1: warning/);
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'format: json\n');
    assert.doesNotThrow(() => JSON.parse(lint({}).stdout));
    assert.match(lint({ HADOLINT_FORMAT: 'tty' }).stdout, /Dockerfile:2:1: warning/, 'the variable wins over the file');
  });

  it('no-fail, verbose and no-color in .hadolint.yaml; --no-fail and --verbose flags', () => {
    fs.writeFileSync(path.join(dir, '.hadolint.yaml'), 'no-fail: true\nverbose: true\nno-color: true\n');
    const result = lint({});
    assert.equal(result.code, 0);
    assert.match(result.stderr, /Dockerfile: configuration .*\.hadolint\.yaml/);
    assert.ok(!result.stdout.includes('\u001b['), 'no colour codes');
    fs.rmSync(path.join(dir, '.hadolint.yaml'));
    assert.equal(lint({}, ['--no-fail']).code, 0);
    assert.match(lint({}, ['--verbose']).stderr, /Dockerfile: configuration none/);
    assert.equal(lint({}, ['--no-fail', '--no-color', '--verbose']).code, 0);
  });

  it('a bad variable is a usage error (exit 2) that names it', () => {
    const bad: Record<string, string>[] = [
      { HADOLINT_NOFAIL: 'perhaps' },
      { HADOLINT_FAILURE_THRESHOLD: 'loud' },
      { HADOLINT_FORMAT: 'checkstyle' },
    ];
    for (const env of bad) {
      const result = lint(env);
      assert.equal(result.code, 2, JSON.stringify(env));
      assert.match(result.stderr, new RegExp(Object.keys(env)[0]));
    }
  });

  it('no-fail does not hide a failure to read input (exit 2)', () => {
    const result = runCli(['lint', 'Dockerfile', 'missing.Dockerfile'], { cwd: dir, env: { HADOLINT_NOFAIL: '1' } });
    assert.equal(result.code, 2);
  });

  it('colours text only on a terminal, and not with --no-color, no-color / HADOLINT_NOCOLOR or NO_COLOR', () => {
    assert.equal(textColor(true, false, {}, {}), true);
    assert.equal(textColor(false, false, {}, {}), false);
    assert.equal(textColor(true, true, {}, {}), false);
    assert.equal(textColor(true, false, { noColor: true }, {}), false);
    assert.equal(textColor(true, false, {}, { NO_COLOR: '1' }), false);
  });

  it("hadolint's flags for its keys: --trusted-registry, --require-label, --strict-labels, --disable-ignore-pragma", () => {
    fs.writeFileSync(
      path.join(dir, 'Dockerfile'),
      'FROM other.registry.example/app:1\n# hadolint ignore=DL3056\nLABEL version="1.0" extra=x\nUSER app\n',
    );
    assert.deepEqual(rules({}, ['--trusted-registry', 'docker.io']), ['untrusted-registry:error']);
    assert.deepEqual(rules({ HADOLINT_TRUSTED_REGISTRIES: 'docker.io' }, ['--trusted-registry', 'other.registry.example']), []);
    assert.deepEqual(rules({}, ['--require-label', 'version:semver', '--strict-labels']), ['label-superfluous:info']);
    assert.deepEqual(rules({}, ['--require-label', 'version:semver', '--disable-ignore-pragma']), ['label-not-semver:warning']);
    const bad = lint({}, ['--require-label', 'version:date']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--require-label/);
  });
});
