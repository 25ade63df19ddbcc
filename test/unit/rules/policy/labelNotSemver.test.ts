import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

const SCHEMA = { labelSchema: { v: 'semver' as const, note: 'text' as const } };

describe('label-not-semver', () => {
  it('reports schema labels whose value is not of type semver', () => {
    assert.deepEqual(covered('label-not-semver', 'FROM a:1\nLABEL v="1.0" note="1.0"\n', SCHEMA), ['2:"1.0"']);
  });
  it('accepts valid values (semantic versions), variables, empty values and labels outside the schema', () => {
    for (const value of ['1.0.0', '2.1.3-rc.1+build.5', '0.0.1'])
      assert.deepEqual(covered('label-not-semver', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA), [], value);
    assert.deepEqual(covered('label-not-semver', 'FROM a:1\nLABEL v="$VALUE" v2="1.0"\nLABEL v=""\n', SCHEMA), []);
  });
  it('rejects leading zeros and missing parts', () => {
    for (const value of ['01.2.3', '1.2', 'v1.2.3', '1.2.3-'])
      assert.equal(covered('label-not-semver', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA).length, 1, value);
  });
  it('is silent without a label-schema', () => {
    assert.deepEqual(covered('label-not-semver', 'FROM a:1\nLABEL v="1.0"\n'), []);
  });
});
