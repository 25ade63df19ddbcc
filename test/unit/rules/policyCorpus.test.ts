// The policy rules are mostly opt-in, so the corpus tests (which run the defaults) do not exercise them. Here each is
// switched on, with a label schema of every type and strict labels, over every real Dockerfile of test/corpus:
// none throws, every finding lies inside the text, and the pinning rules find something on real files.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { policyRules } from '../../../server/src/core/rules/policy/index';
import { LABEL_TYPES, type LintConfig } from '../../../server/src/core/config/hadolintConfig';
import { initShellParser } from '../../../server/src/core/shell/index';
import { corpusFiles } from '../../helpers/corpus';

const CONFIG: LintConfig = {
  ignored: [],
  override: {},
  labelSchema: Object.fromEntries([
    ...LABEL_TYPES.map((type) => [type, type]),
    ['maintainer', 'email'],
    ['version', 'semver'],
    ['org.opencontainers.image.source', 'url'],
    ['org.opencontainers.image.licenses', 'spdx'],
    ['org.opencontainers.image.created', 'rfc3339'],
    ['org.opencontainers.image.revision', 'hash'],
  ]),
  strictLabels: true,
};

describe('policy rules over the corpus', () => {
  before(async () => {
    await initShellParser();
  });

  it('switched on, none throws and every finding lies inside its file', () => {
    const severities = Object.fromEntries(policyRules.map((r) => [r.meta.id, 'warning' as const]));
    const counts = new Map<string, number>();
    for (const { name, text } of corpusFiles()) {
      const model = parseDockerfile(text);
      const found = analyzeModel(model, {
        rules: policyRules,
        config: CONFIG,
        severities,
        onRuleError: (id, error) => assert.fail(`${id} threw on ${name}: ${(error as Error).stack}`),
      });
      for (const f of found) {
        counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
        const { start, end } = f.range;
        assert.ok(start.line < model.lines.length && end.line < model.lines.length, `${name}: ${f.rule} at ${start.line}`);
        assert.ok(start.line < end.line || start.character <= end.character, `${name}: ${f.rule} has an empty-or-forward range`);
      }
    }
    for (const id of ['apt-version-unpinned', 'pip-version-unpinned', 'apk-version-unpinned', 'label-missing', 'healthcheck-missing'])
      assert.ok((counts.get(id) ?? 0) > 0, `${id} finds something in real Dockerfiles`);
  });
});
