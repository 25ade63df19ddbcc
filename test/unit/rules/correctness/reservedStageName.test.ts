import * as assert from 'node:assert/strict';
import { lines } from '../harness';

describe('reserved-stage-name', () => {
  it('reports scratch and context as stage names', () => {
    assert.deepEqual(lines('reserved-stage-name', 'FROM a:1 AS scratch\nFROM b:1 AS context\nFROM c:1 AS ok\n'), [1, 2]);
  });
});
