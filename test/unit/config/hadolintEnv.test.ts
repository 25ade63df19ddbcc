import * as assert from 'node:assert/strict';
import { configFromEnv, mergeConfig } from '../../../server/src/core/config/hadolintEnv';
import { parseHadolintConfig } from '../../../server/src/core/config/hadolintConfig';

describe('HADOLINT_* environment variables', () => {
  it('reads every variable hadolint documents into configuration', () => {
    const { config, problems } = configFromEnv({
      HADOLINT_NOFAIL: '1',
      HADOLINT_FAILURE_THRESHOLD: 'style',
      HADOLINT_IGNORE: 'DL3008,DL3009',
      HADOLINT_OVERRIDE_ERROR: 'DL3020',
      HADOLINT_OVERRIDE_WARNING: 'DL3006, DL3007',
      HADOLINT_OVERRIDE_INFO: 'StageNameCasing',
      HADOLINT_OVERRIDE_STYLE: 'DL4000',
      HADOLINT_TRUSTED_REGISTRIES: 'docker.io,registry.example:5000',
      HADOLINT_STRICT_LABELS: 'true',
      HADOLINT_DISABLE_IGNORE_PRAGMA: 'yes',
      HADOLINT_FORMAT: 'tty',
      HADOLINT_NOCOLOR: '0',
      HADOLINT_VERBOSE: 'false',
      HADOLINT_REQUIRE_LABELS: 'version:semver,maintainer:email',
      PATH: '/usr/bin',
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      noFail: true,
      strictLabels: true,
      disableIgnorePragma: true,
      noColor: false,
      verbose: false,
      ignored: ['DL3008', 'DL3009'],
      override: { DL3020: 'error', DL3006: 'warning', DL3007: 'warning', StageNameCasing: 'info', DL4000: 'hint' },
      trustedRegistries: ['docker.io', 'registry.example:5000'],
      failureThreshold: 'hint',
      format: 'text',
      labelSchema: { version: 'semver', maintainer: 'email' },
    });
  });

  it('an environment without HADOLINT_* values (or with empty ones) configures nothing', () => {
    assert.deepEqual(configFromEnv({ LANG: 'C.UTF-8' }), { config: {}, problems: [] });
    assert.deepEqual(configFromEnv({ HADOLINT_FORMAT: '', HADOLINT_FAILURE_THRESHOLD: ' ', HADOLINT_NOFAIL: '' }), {
      config: {},
      problems: [],
    });
  });

  it('names the variable of each bad value instead of guessing', () => {
    const { config, problems } = configFromEnv({
      HADOLINT_NOFAIL: 'maybe',
      HADOLINT_FAILURE_THRESHOLD: 'loud',
      HADOLINT_FORMAT: 'checkstyle',
      HADOLINT_REQUIRE_LABELS: 'version,owner:person',
    });
    assert.deepEqual(config, {});
    assert.equal(problems.length, 5, problems.join('\n'));
    for (const name of ['HADOLINT_NOFAIL', 'HADOLINT_FAILURE_THRESHOLD', 'HADOLINT_FORMAT', 'HADOLINT_REQUIRE_LABELS'])
      assert.ok(
        problems.some((p) => p.startsWith(name)),
        name,
      );
  });

  it('the environment wins over the file: lists are joined, overrides and scalars replaced', () => {
    const file = parseHadolintConfig(
      'ignored: [DL3007]\noverride:\n  error: [DL3020]\n  info: [DL3006]\nfailure-threshold: error\ntrustedRegistries: [docker.io]\nno-fail: false\nlabel-schema:\n  version: text\n',
      '.hadolint.yaml',
    ).config;
    const merged = mergeConfig(
      file,
      configFromEnv({
        HADOLINT_IGNORE: 'DL3008',
        HADOLINT_OVERRIDE_WARNING: 'DL3020',
        HADOLINT_FAILURE_THRESHOLD: 'info',
        HADOLINT_TRUSTED_REGISTRIES: 'ghcr.io',
        HADOLINT_NOFAIL: 'on',
        HADOLINT_REQUIRE_LABELS: 'owner:email',
      }).config,
    );
    assert.deepEqual(merged.ignored, ['DL3007', 'DL3008']);
    assert.deepEqual(merged.override, { DL3020: 'warning', DL3006: 'info' });
    assert.equal(merged.failureThreshold, 'info');
    assert.deepEqual(merged.trustedRegistries, ['docker.io', 'ghcr.io']);
    assert.equal(merged.noFail, true);
    assert.deepEqual(merged.labelSchema, { version: 'text', owner: 'email' });
    assert.equal(merged.source, '.hadolint.yaml');
    assert.deepEqual(file.ignored, ['DL3007'], 'the file configuration is not changed');
  });
});
