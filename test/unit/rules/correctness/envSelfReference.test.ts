import * as assert from 'node:assert/strict';
import { assertFixes, findings, lines } from '../harness';
import { MAX_REPORTS_PER_ENV } from '../../../../server/src/core/rules/correctness/envSelfReference';

describe('env-self-reference', () => {
  it('splits an ENV whose value uses a variable set in the same ENV', () => {
    assertFixes('env-self-reference', 'FROM a:1\nENV APP=/app BIN=${APP}/bin\n', 'FROM a:1\nENV APP=/app\nENV BIN=${APP}/bin\n');
  });
  it('accepts references to earlier instructions and to itself', () => {
    assert.deepEqual(lines('env-self-reference', 'FROM a:1\nENV APP=/app\nENV BIN=$APP/bin PATH=$PATH:/x\nENV A=1 B=2\n'), []);
  });
  it('reports each pair that uses an earlier one, up to a cap per ENV', () => {
    // A0=x A1=$A0 A2=$A1 …: every pair after the first refers to the one before it.
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => (i === 0 ? 'A0=x' : `A${i}=$A${i - 1}`)).join(' ');
    const few = findings('env-self-reference', `FROM a:1\nENV ${pairs(5)}\n`);
    assert.deepEqual(
      few.map((f) => f.message.split("'")[1]),
      ['A0', 'A1', 'A2', 'A3'],
    );
    const many = findings('env-self-reference', `FROM a:1\nENV ${pairs(MAX_REPORTS_PER_ENV + 50)}\nENV ${pairs(3)}\n`);
    assert.equal(many.filter((f) => f.range.start.line === 1).length, MAX_REPORTS_PER_ENV);
    assert.equal(many[MAX_REPORTS_PER_ENV - 1].message.split("'")[1], `A${MAX_REPORTS_PER_ENV - 1}`);
    // The cap is per instruction: the next ENV still reports.
    assert.equal(many.filter((f) => f.range.start.line === 2).length, 2);
  });
});
