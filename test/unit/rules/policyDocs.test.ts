// Every policy rule has a docs page (why / bad / good / the fix) that says how to turn it on when it is opt-in,
// and the page's examples are true: switched on, the rule fires on "Bad" and stays quiet on "Good". Examples that
// need `.hadolint.yaml` settings carry them in a comment: `# .hadolint.yaml: {label-schema: {version: semver}}`.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { policyRules } from '../../../server/src/core/rules/policy/index';
import { parseHadolintConfig } from '../../../server/src/core/config/hadolintConfig';
import { initShellParser } from '../../../server/src/core/shell/index';
import { policyFindings } from './policyHarness';

const DOCS = path.resolve(__dirname, '../../../../docs/rules');

function example(markdown: string, section: string): { text: string; config: ReturnType<typeof parseHadolintConfig>['config'] } {
  const match = new RegExp(`## ${section}\\n\\n\`\`\`dockerfile\\n([\\s\\S]*?)\\n\`\`\``).exec(markdown);
  assert.ok(match, `section "${section}" with a dockerfile block`);
  const settings = /^# \.hadolint\.yaml: (.*)$/m.exec(match[1])?.[1];
  const parsed = parseHadolintConfig(settings ?? '');
  assert.deepEqual(parsed.problems, [], 'the example settings parse');
  const text = /^\s*(FROM|ARG)\b/im.test(match[1]) ? `${match[1]}\n` : `FROM alpine:3.20\n${match[1]}\n`;
  return { text, config: parsed.config };
}

describe('policy rule documentation', () => {
  before(async () => {
    await initShellParser();
  });

  for (const rule of policyRules) {
    it(`docs/rules/${rule.meta.id}.md explains the rule with true examples`, () => {
      const markdown = fs.readFileSync(path.join(DOCS, `${rule.meta.id}.md`), 'utf8');
      for (const heading of ['## Why', '## Bad', '## Good', '## The fix'])
        assert.ok(markdown.includes(`\n${heading}\n`), `${heading} section`);
      for (const alias of rule.meta.aliases) assert.ok(markdown.includes(alias), `mentions ${alias}`);
      assert.equal(markdown.includes('opt-in: off by default'), rule.meta.optIn === true, 'the page says whether the rule is opt-in');
      const bad = example(markdown, 'Bad');
      const good = example(markdown, 'Good');
      assert.ok(policyFindings(rule.meta.id, bad.text, bad.config).length > 0, 'fires on the Bad example');
      assert.deepEqual(
        policyFindings(rule.meta.id, good.text, good.config).map((f) => f.message),
        [],
        'quiet on the Good example',
      );
    });
  }
});
