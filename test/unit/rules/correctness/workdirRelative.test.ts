import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('workdir-relative', () => {
  it('reports a relative WORKDIR before any absolute one', () => {
    assert.deepEqual(
      lines('workdir-relative', 'FROM a:1\nWORKDIR app\nWORKDIR /srv\nWORKDIR sub\nFROM b:1\nWORKDIR $HOME/x\nWORKDIR C:\\\\app\n'),
      [2],
    );
    assertFixes('workdir-relative', 'FROM a:1\nWORKDIR app\n', 'FROM a:1\nWORKDIR /app\n');
  });
  it('reads a quoted WORKDIR as BuildKit does: Windows `C:\\` in quotes is absolute', () => {
    assert.deepEqual(lines('workdir-relative', "FROM a:1\nWORKDIR 'C:\\'\nFROM b:1\nWORKDIR \"/srv\"\nFROM c:1\nWORKDIR 'app'\n"), [6]);
  });
  it('inherits an absolute WORKDIR from the stage it is built FROM, as BuildKit does', () => {
    const text = 'FROM a:1 AS base\nWORKDIR /srv\nFROM base AS app\nWORKDIR app\nFROM app\nWORKDIR sub\nFROM b:1\nWORKDIR rel\n';
    assert.deepEqual(lines('workdir-relative', text), [8]);
  });
});
