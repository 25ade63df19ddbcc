import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('instruction-casing', () => {
  it('recases the minority to the majority', () => {
    assertFixes('instruction-casing', 'FROM a:1\nrun true\nCopy x /x\nRUN false\n', 'FROM a:1\nRUN true\nCOPY x /x\nRUN false\n');
    assertFixes('instruction-casing', 'from a:1\nrun true\nCOPY x /x\n', 'from a:1\nrun true\ncopy x /x\n');
  });
  it('accepts consistent files', () => {
    assert.deepEqual(lines('instruction-casing', 'FROM a:1\nRUN true\n'), []);
    assert.deepEqual(lines('instruction-casing', 'from a:1\nrun true\n'), []);
  });
});
