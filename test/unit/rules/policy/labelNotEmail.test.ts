import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

const SCHEMA = { labelSchema: { v: 'email' as const, note: 'text' as const } };

describe('label-not-email', () => {
  it('reports schema labels whose value is not of type email', () => {
    assert.deepEqual(covered('label-not-email', 'FROM a:1\nLABEL v="team at example.org" note="team at example.org"\n', SCHEMA), [
      '2:"team at example.org"',
    ]);
  });
  it('accepts valid values (addresses), variables, empty values and labels outside the schema', () => {
    for (const value of ['team@example.org', 'first.last+tag@sub.example.co.uk'])
      assert.deepEqual(covered('label-not-email', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA), [], value);
    assert.deepEqual(covered('label-not-email', 'FROM a:1\nLABEL v="$VALUE" v2="team at example.org"\nLABEL v=""\n', SCHEMA), []);
  });
  it('rejects display names and missing parts', () => {
    for (const value of ['Team <team@example.org>', '@example.org', 'team@'])
      assert.equal(covered('label-not-email', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA).length, 1, value);
  });
  it('is silent without a label-schema', () => {
    assert.deepEqual(covered('label-not-email', 'FROM a:1\nLABEL v="team at example.org"\n'), []);
  });
});
