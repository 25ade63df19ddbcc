import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('multiple-cmd-entrypoint', () => {
  it('removes the CMDs and ENTRYPOINTs that have no effect', () => {
    assertFixes(
      'multiple-cmd-entrypoint',
      'FROM a:1\nCMD ["a"]\nENTRYPOINT ["e"]\nRUN true\nCMD ["b", \\\n  "c"]\nENTRYPOINT ["f"]\nCMD ["d"]\n',
      'FROM a:1\nRUN true\nENTRYPOINT ["f"]\nCMD ["d"]\n',
    );
  });
  it('counts per stage', () => {
    assert.deepEqual(lines('multiple-cmd-entrypoint', 'FROM a:1\nCMD ["a"]\nFROM b:1\nCMD ["b"]\n'), []);
  });
});
