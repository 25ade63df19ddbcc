// Every hadolint code and BuildKit check that docs/rules/parity.md says a rule covers is an alias of that rule,
// so it works wherever users name rules: `.hadolint.yaml`, pragmas, `# check=`, the CLI's --ignore/--rule and
// the editor's settings all resolve names through the same index.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../server/src/core/rules/index';
import { ruleRefIndex } from '../../../server/src/core/config/ruleRefs';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';

const PARITY = path.resolve(__dirname, '../../../../docs/rules/parity.md');

/** `| CODE | … covered by `rule` … |` rows of parity.md: the code and the rule ids the row names. */
function coveredRows(): { code: string; ids: string[] }[] {
  const ids = new Set(allRules.map((r) => r.meta.id));
  return fs
    .readFileSync(PARITY, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const row = /^\| ([A-Za-z0-9]+) \|(.*)$/.exec(line);
      const covered = row && /covered by (`[a-z0-9-]+`(?:,? (?:and )?`[a-z0-9-]+`)*)/.exec(row[2]);
      if (!row || !covered) return [];
      return [{ code: row[1], ids: [...covered[1].matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]).filter((id) => ids.has(id)) }];
    });
}

describe('rule references', () => {
  it('resolves every code parity.md lists as covered to the rule that covers it', () => {
    const rows = coveredRows();
    assert.ok(rows.length > 40, `only ${rows.length} covered rows read from parity.md`);
    const index = ruleRefIndex(allRules);
    const unresolved = rows.flatMap(({ code, ids }) =>
      ids.filter((id) => !index.resolve(code).includes(id)).map((id) => `${code} → ${id}`),
    );
    assert.deepEqual(unresolved, []);
  });

  it('a hadolint code switches its rule off in .hadolint.yaml, pragmas and settings alike', () => {
    const text = 'FROM alpine:3.20 AS scratch\nRUN true\n';
    const reported = (options: Parameters<typeof analyzeModel>[1]) =>
      analyzeModel(parseDockerfile(text), options).some((f) => f.rule === 'reserved-stage-name');
    assert.ok(reported({}));
    assert.ok(!reported({ config: { ignored: ['DL3063'], override: {} } }));
    assert.ok(!reported({ severities: { dl3063: 'off' } }));
    assert.ok(!analyzeModel(parseDockerfile(`# hadolint global ignore=DL3063\n${text}`)).some((f) => f.rule === 'reserved-stage-name'));
  });
});
