// Every correctness rule has a docs page (why / bad / good / the fix), and the page's examples are true:
// the rule fires on "Bad" and stays quiet on "Good".
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { correctnessRules } from '../../../server/src/core/rules/correctness/index';
import { initShellParser } from '../../../server/src/core/shell/index';
import { findings } from './harness';

const DOCS = path.resolve(__dirname, '../../../../docs/rules');

function example(markdown: string, section: string): string {
  const match = new RegExp(`## ${section}\\n\\n\`\`\`dockerfile\\n([\\s\\S]*?)\\n\`\`\``).exec(markdown);
  assert.ok(match, `section "${section}" with a dockerfile block`);
  // Snippets may leave out the FROM line; rules that work per stage need one.
  return /^\s*(FROM|ARG)\b/im.test(match[1]) ? `${match[1]}\n` : `FROM alpine:3.20\n${match[1]}\n`;
}

describe('correctness rule documentation', () => {
  before(async () => {
    await initShellParser();
  });

  for (const rule of correctnessRules) {
    it(`docs/rules/${rule.meta.id}.md explains the rule with true examples`, () => {
      const file = path.join(DOCS, `${rule.meta.id}.md`);
      assert.ok(fs.existsSync(file), `${file} exists`);
      const markdown = fs.readFileSync(file, 'utf8');
      for (const heading of ['## Why', '## Bad', '## Good', '## The fix'])
        assert.ok(markdown.includes(`\n${heading}\n`), `${heading} section`);
      for (const alias of rule.meta.aliases) assert.ok(markdown.includes(alias), `mentions ${alias}`);
      // Examples that need configuration say so in a comment: `# .hadolint.yaml: trustedRegistries: [...]`,
      // `# .dockerignore: <pattern> and <pattern>`.
      const registries = /trustedRegistries: \[([^\]]*)\]/
        .exec(markdown)?.[1]
        .split(',')
        .map((s) => s.trim());
      const ignored = /^# \.dockerignore: (.*)$/m
        .exec(example(markdown, 'Bad'))?.[1]
        .split(' and ')
        .map((s) => s.trim());
      const goodIgnored = /^# \.dockerignore: (.*)$/m
        .exec(example(markdown, 'Good'))?.[1]
        .split(' and ')
        .map((s) => s.trim());
      const options = registries ? { config: { ignored: [], override: {}, trustedRegistries: registries } } : {};
      const badOptions = ignored ? { context: { dockerignore: { file: '.dockerignore', patterns: ignored } } } : options;
      const goodOptions = goodIgnored ? { context: { dockerignore: { file: '.dockerignore', patterns: goodIgnored } } } : options;
      assert.ok(findings(rule.meta.id, example(markdown, 'Bad'), badOptions).length > 0, 'fires on the Bad example');
      assert.deepEqual(
        findings(rule.meta.id, example(markdown, 'Good'), goodOptions).map((f) => f.message),
        [],
        'quiet on the Good example',
      );
    });
  }
});
