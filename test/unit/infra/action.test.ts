// action.yml (the GitHub Action) stays consistent with itself and with docs/ci.md: every input it reads is
// declared and every declared input is read and documented, its scripts parse as bash, and it runs the CLI
// commands with options the CLI accepts. Running its steps against an engine: test/engine/action.test.ts.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../../harness/paths';

interface Step {
  run?: string;
  uses?: string;
}
const action = parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Step[] };
};
const text = fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8');

describe('action.yml', () => {
  it('is a composite action whose inputs are all declared, used and documented in docs/ci.md', () => {
    assert.equal(action.runs.using, 'composite');
    const declared = Object.keys(action.inputs).sort();
    const used = [...new Set([...text.matchAll(/inputs\.([a-z-]+)/g)].map((m) => m[1]))].sort();
    assert.deepEqual(used, declared);
    const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8');
    const documented = [...docs.matchAll(/^\| `([a-z-]+)`(?:, `([a-z-]+)`)? +\|/gm)]
      .flatMap((m) => [m[1], m[2]])
      .filter((x) => x && declared.includes(x));
    assert.deepEqual([...new Set(documented)].sort(), declared);
  });

  it('its scripts parse as bash', () => {
    for (const step of action.runs.steps.filter((s) => s.run)) {
      const result = spawnSync('bash', ['-n'], { input: step.run!.replace(/\$\{\{[^}]*\}\}/g, 'X'), encoding: 'utf8' });
      assert.equal(result.status, 0, `${result.stderr}\n${step.run}`);
    }
  });

  it('runs the CLI with options the CLI accepts (as its help lists them)', async () => {
    const { main } = await import('../../../server/src/cli/main');
    let help = '';
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => ((help += chunk), true)) as typeof process.stdout.write;
    try {
      await main(['--help']);
    } finally {
      process.stdout.write = write;
    }
    const calls = [...text.matchAll(/npx --yes "\$PACKAGE" (\w+) ([^\n]*)/g)];
    assert.ok(calls.length >= 3, 'lint and diff calls found');
    for (const [, command, rest] of calls) {
      const usage = help.split(/\n {2}(?=[a-z])/).find((block) => block.startsWith(`${command} `)) ?? '';
      for (const option of rest.match(/--[a-z-]+/g) ?? []) assert.ok(usage.includes(option), `${command} ${option} is in the help`);
    }
  });
});
