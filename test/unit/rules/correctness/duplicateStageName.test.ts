import * as assert from 'node:assert/strict';
import { lines } from '../harness';

describe('duplicate-stage-name', () => {
  it('reports the second definition, case-insensitively', () => {
    assert.deepEqual(lines('duplicate-stage-name', 'FROM a:1 AS build\nFROM b:1 AS Build\nFROM c:1 AS other\n'), [2]);
  });
  it('accepts unique names', () => {
    assert.deepEqual(lines('duplicate-stage-name', 'FROM a:1 AS a\nFROM b:1 AS b\n'), []);
  });
});
