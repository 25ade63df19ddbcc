import * as assert from 'node:assert/strict';
import { findings, lines } from '../harness';

describe('root-user', () => {
  it('reports a final USER root', () => {
    assert.deepEqual(lines('root-user', 'FROM a:1\nUSER app\nUSER root\n'), [3]);
    assert.deepEqual(lines('root-user', 'FROM a:1\nUSER 0:0\n'), [2]);
  });
  it('hints when the final stage has no USER at all', () => {
    const [finding] = findings('root-user', 'FROM a:1 AS build\nUSER app\nFROM b:1\nRUN true\n');
    assert.equal(finding.severity, 'hint');
    assert.equal(finding.range.start.line, 2);
  });
  it('accepts an unprivileged final user, also inherited from an earlier stage', () => {
    assert.deepEqual(lines('root-user', 'FROM a:1\nUSER root\nRUN apt-get update\nUSER 1000\n'), []);
    assert.deepEqual(lines('root-user', 'FROM a:1 AS base\nUSER app\nFROM base\nRUN true\n'), []);
    assert.deepEqual(lines('root-user', 'FROM a:1\nUSER root\nFROM b:1\nUSER nobody\n'), []);
  });
});
