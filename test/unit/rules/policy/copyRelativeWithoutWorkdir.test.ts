import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

describe('copy-relative-without-workdir', () => {
  it('reports a relative COPY destination before any WORKDIR of the stage', () => {
    assert.deepEqual(covered('copy-relative-without-workdir', 'FROM a:1\nCOPY app.py .\nWORKDIR /app\nCOPY b.py .\n'), ['2:.']);
    assert.deepEqual(covered('copy-relative-without-workdir', 'FROM a:1\nCOPY ["a b.py", "lib/"]\n'), ['2:"lib/"']);
  });
  it('accepts absolute and variable destinations, and a WORKDIR inherited from a parent stage', () => {
    assert.deepEqual(
      covered('copy-relative-without-workdir', 'FROM a:1\nCOPY app.py /app/\nCOPY x $DEST\nCOPY y C:/app/\nCOPY z C:\\app.exe\n'),
      [],
    );
    assert.deepEqual(covered('copy-relative-without-workdir', 'FROM a:1 AS base\nWORKDIR /app\nFROM base\nCOPY app.py .\n'), []);
  });
});
