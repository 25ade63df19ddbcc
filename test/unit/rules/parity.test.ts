// docs/rules/parity.md's hadolint table tells the truth: no DL rule is "not covered", and a row "covered by `id`"
// names a registered rule that has the code as an alias (so pragmas, .hadolint.yaml and settings reach it).
// Columns: Code | What | tally (yes/no) | Layerwise.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesById } from '../../../server/src/core/rules/index';

const PARITY = path.resolve(__dirname, '../../../../docs/rules/parity.md');

describe('docs/rules/parity.md (hadolint)', () => {
  const rows = fs
    .readFileSync(PARITY, 'utf8')
    .split('\n')
    .map((line) => /^\| (DL\d{4}) \| [^|]* \| ([^|]*?) +\| (.*) \|$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null);

  it('lists hadolint rules and none of them as not covered', () => {
    assert.ok(rows.length >= 60, `${rows.length} DL rows`);
    assert.deepEqual(
      rows.filter(([, , , layerwise]) => /^not covered/.test(layerwise)).map(([, code]) => code),
      [],
    );
  });

  it('says for every DL rule whether tally runs it', () => {
    assert.deepEqual(
      rows.filter(([, , tally]) => tally !== 'yes' && tally !== 'no').map(([, code, tally]) => `${code}: ${tally}`),
      [],
    );
    assert.ok(rows.some(([, , tally]) => tally === 'no'));
  });

  it('every "covered by" row names a rule with the code as an alias', () => {
    for (const [, code, , layerwise] of rows) {
      if (!layerwise.startsWith('covered by')) continue;
      const id = /^covered by `([a-z0-9-]+)`/.exec(layerwise)?.[1];
      assert.ok(id, `${code}: ${layerwise}`);
      const rule = rulesById.get(id);
      assert.ok(rule, `${code}: ${id} is a registered rule`);
      assert.ok(rule.meta.aliases.includes(code), `${id} has ${code} as an alias`);
    }
  });
});
