import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseHadolintConfig } from '../../../server/src/core/config/hadolintConfig';
import { findHadolintConfig, loadLintConfig } from '../../../server/src/core/config/loadConfig';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { HOSTILE_KINDS, HOSTILE_MESSAGE, makeHostileFile } from '../../helpers/hostileFiles';

describe('.hadolint.yaml', () => {
  it('reads ignored, override and failure-threshold the way hadolint does', () => {
    const { config, problems } = parseHadolintConfig(
      'ignored:\n  - DL3007\noverride:\n  error: [DL3020]\n  style:\n    - DL3006\n  info: [StageNameCasing]\nfailure-threshold: warning\ntrustedRegistries: [docker.io]\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.ignored, ['DL3007']);
    assert.deepEqual(config.override, { DL3020: 'error', DL3006: 'hint', StageNameCasing: 'info' });
    assert.equal(config.failureThreshold, 'warning');
    assert.deepEqual(config.trustedRegistries, ['docker.io']);
  });

  it('reports problems instead of throwing', () => {
    assert.match(parseHadolintConfig('ignored: [DL3007\n').problems[0], /not valid YAML/);
    assert.match(parseHadolintConfig('- a\n- b\n').problems[0], /mapping/);
    assert.match(parseHadolintConfig('failure-threshold: loud\n').problems[0], /failure-threshold/);
    assert.match(parseHadolintConfig('override:\n  fatal: [DL3007]\n').problems[0], /unknown override level/);
    assert.deepEqual(parseHadolintConfig('').problems, []);
  });

  it('applies through aliases: ignored rules do not run, overrides change severity, settings win', () => {
    const { config } = parseHadolintConfig('ignored: [DL3007]\noverride:\n  error: [DL3020, from-as-casing]\n');
    const model = parseDockerfile('FROM alpine:latest as build\nADD a /a\n');
    const findings = analyzeModel(model, { config });
    assert.ok(!findings.some((f) => f.rule === 'latest-tag'));
    assert.equal(findings.find((f) => f.rule === 'add-instead-of-copy')?.severity, 'error');
    assert.equal(findings.find((f) => f.rule === 'from-as-casing')?.severity, 'error');
    const withSettings = analyzeModel(model, { config, severities: { 'add-instead-of-copy': 'info' } });
    assert.equal(withSettings.find((f) => f.rule === 'add-instead-of-copy')?.severity, 'info');
    const byAlias = analyzeModel(model, { severities: { DL3020: 'off', FromAsCasing: 'hint', 'from-as-casing': 'info' } });
    assert.ok(!byAlias.some((f) => f.rule === 'add-instead-of-copy'), 'settings accept hadolint codes');
    assert.equal(byAlias.find((f) => f.rule === 'from-as-casing')?.severity, 'info', 'the exact id wins over an alias');
  });

  it("an explicit severity overrides a rule's weaker per-report severity", () => {
    const model = parseDockerfile('FROM alpine:3\nRUN true\n');
    assert.equal(analyzeModel(model).find((f) => f.rule === 'root-user')?.severity, 'hint');
    const { config } = parseHadolintConfig('override:\n  error: [DL3002]\n');
    assert.equal(analyzeModel(model, { config }).find((f) => f.rule === 'root-user')?.severity, 'error');
  });

  describe('loading from disk', () => {
    let root: string;
    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-config-'));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it('finds the nearest .hadolint.yaml / .yml from the Dockerfile folder upward', () => {
      fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
      fs.writeFileSync(path.join(root, '.hadolint.yaml'), 'ignored: [DL3007]\n');
      const dockerfile = path.join(root, 'a', 'b', 'Dockerfile');
      assert.equal(findHadolintConfig(dockerfile), path.join(root, '.hadolint.yaml'));
      fs.writeFileSync(path.join(root, 'a', '.hadolint.yml'), 'ignored: [DL3006]\n');
      assert.equal(findHadolintConfig(dockerfile), path.join(root, 'a', '.hadolint.yml'));
      assert.deepEqual(loadLintConfig(dockerfile).config?.ignored, ['DL3006']);
    });

    it('re-reads a changed file and reports unreadable or invalid ones', () => {
      const file = path.join(root, '.hadolint.yaml');
      const dockerfile = path.join(root, 'Dockerfile');
      fs.writeFileSync(file, 'ignored: [DL3007]\n');
      assert.deepEqual(loadLintConfig(dockerfile).config?.ignored, ['DL3007']);
      fs.writeFileSync(file, 'ignored: [DL3006, DL3020]\n');
      assert.deepEqual(loadLintConfig(dockerfile).config?.ignored, ['DL3006', 'DL3020']);
      fs.writeFileSync(file, 'ignored: [\n');
      assert.match(loadLintConfig(dockerfile).problems[0], /not valid YAML/);
    });
  });
});

describe('.hadolint.yaml that is not a sane regular file', function () {
  this.timeout(20_000);
  for (const kind of HOSTILE_KINDS) {
    it(`${kind}: reported as a problem of that file, never read`, () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-hostile-config-'));
      try {
        makeHostileFile(path.join(dir, '.hadolint.yaml'), kind);
        const loaded = loadLintConfig(path.join(dir, 'Dockerfile'));
        assert.equal(loaded.file, path.join(dir, '.hadolint.yaml'));
        assert.equal(loaded.config, undefined);
        assert.equal(loaded.problems.length, 1);
        assert.match(loaded.problems[0], /^cannot read: /);
        assert.match(loaded.problems[0], HOSTILE_MESSAGE[kind]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
