import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

describe('healthcheck-missing', () => {
  it('reports a final stage without a HEALTHCHECK, at its FROM', () => {
    assert.deepEqual(covered('healthcheck-missing', 'FROM a:1 AS build\nHEALTHCHECK CMD true\nFROM b:1\nCMD ["x"]\n'), ['3:FROM b:1']);
  });
  it('accepts a HEALTHCHECK in the final stage or a parent stage, and HEALTHCHECK NONE', () => {
    assert.deepEqual(covered('healthcheck-missing', 'FROM a:1\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\n'), []);
    assert.deepEqual(covered('healthcheck-missing', 'FROM a:1 AS base\nHEALTHCHECK NONE\nFROM base\nCMD ["x"]\n'), []);
  });
  it('is silent for a file without FROM', () => {
    assert.deepEqual(covered('healthcheck-missing', 'ARG X=1\n'), []);
  });
});
