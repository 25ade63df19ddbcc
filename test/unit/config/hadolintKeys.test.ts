// Every .hadolint.yaml key hadolint documents, beyond ignored / override / failure-threshold / trustedRegistries
// (hadolintConfig.test.ts): read, reported when malformed, and honoured by the analysis where it applies there.
import * as assert from 'node:assert/strict';
import { parseHadolintConfig } from '../../../server/src/core/config/hadolintConfig';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { initShellParser } from '../../../server/src/core/shell/index';

describe('.hadolint.yaml: label-schema, strict-labels, disable-ignore-pragma and the CLI keys', () => {
  before(async () => {
    await initShellParser();
  });

  it('reads every key', () => {
    const { config, problems } = parseHadolintConfig(
      'label-schema:\n  author: text\n  url: url\n  version: SemVer\nstrict-labels: true\ndisable-ignore-pragma: true\nno-fail: true\nformat: json\nno-color: true\nverbose: true\n',
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config.labelSchema, { author: 'text', url: 'url', version: 'semver' });
    assert.equal(config.strictLabels, true);
    assert.equal(config.disableIgnorePragma, true);
    assert.equal(config.noFail, true);
    assert.equal(config.format, 'json');
    assert.equal(config.noColor, true);
    assert.equal(config.verbose, true);
    assert.equal(parseHadolintConfig('format: tty\n').config.format, 'text');
    assert.equal(parseHadolintConfig('format: sarif\n').config.format, 'sarif');
  });

  it('reports malformed values and keeps the rest', () => {
    const { config, problems } = parseHadolintConfig(
      'label-schema:\n  author: text\n  when: date\nstrict-labels: yes please\nformat: checkstyle\nno-fail: 1\n',
    );
    assert.deepEqual(config.labelSchema, { author: 'text' });
    assert.equal(config.strictLabels, undefined);
    assert.equal(config.format, undefined);
    assert.equal(problems.length, 4, problems.join('\n'));
    assert.match(problems.join('\n'), /when.*unknown type/);
    assert.match(parseHadolintConfig('label-schema: [a, b]\n').problems[0], /label-schema/);
  });

  it('label-schema and strict-labels reach the label rules', () => {
    const model = parseDockerfile('FROM alpine:3.20\nLABEL version="1.0" extra=x\n');
    const rules = (config: string) =>
      analyzeModel(model, { config: parseHadolintConfig(config).config })
        .filter((f) => f.rule.startsWith('label-'))
        .map((f) => f.rule)
        .sort();
    assert.deepEqual(rules(''), []);
    assert.deepEqual(rules('label-schema:\n  version: semver\n  author: email\n'), ['label-missing', 'label-not-semver']);
    assert.deepEqual(rules('label-schema:\n  version: semver\nstrict-labels: true\n'), ['label-not-semver', 'label-superfluous']);
  });

  it('disable-ignore-pragma drops ignore comments but keeps BuildKit check directives', () => {
    const text = '# check=skip=StageNameCasing\nFROM alpine:latest AS Build\n# hadolint ignore=DL3007\nFROM alpine:latest\n';
    const rules = (config: string) =>
      analyzeModel(parseDockerfile(text), { config: parseHadolintConfig(config).config })
        .filter((f) => f.rule === 'latest-tag' || f.rule === 'stage-name-casing')
        .map((f) => `${f.rule}:${f.range.start.line + 1}`);
    assert.deepEqual(rules(''), ['latest-tag:2']);
    assert.deepEqual(rules('disable-ignore-pragma: true\n'), ['latest-tag:2', 'latest-tag:4']);
  });

  it('opt-in rules are off until override or a setting gives them a severity, by id or hadolint code', () => {
    const model = parseDockerfile('FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
    const pins = (options: Parameters<typeof analyzeModel>[1]) =>
      analyzeModel(model, options)
        .filter((f) => f.rule === 'apt-version-unpinned')
        .map((f) => f.severity);
    assert.deepEqual(pins({}), []);
    assert.deepEqual(pins({ config: parseHadolintConfig('override:\n  info: [DL3008]\n').config }), ['info']);
    assert.deepEqual(pins({ severities: { 'apt-version-unpinned': 'error' } }), ['error']);
    assert.deepEqual(pins({ severities: { DL3008: 'warning' } }), ['warning']);
    assert.deepEqual(pins({ config: parseHadolintConfig('override:\n  info: [DL3008]\nignored: [DL3008]\n').config }), []);
  });
});
