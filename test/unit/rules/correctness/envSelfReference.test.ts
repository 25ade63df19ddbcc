import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('env-self-reference', () => {
  it('splits an ENV whose value uses a variable set in the same ENV', () => {
    assertFixes('env-self-reference', 'FROM a:1\nENV APP=/app BIN=${APP}/bin\n', 'FROM a:1\nENV APP=/app\nENV BIN=${APP}/bin\n');
  });
  it('accepts references to earlier instructions and to itself', () => {
    assert.deepEqual(lines('env-self-reference', 'FROM a:1\nENV APP=/app\nENV BIN=$APP/bin PATH=$PATH:/x\nENV A=1 B=2\n'), []);
  });
});
