import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

const SCHEMA = { labelSchema: { v: 'rfc3339' as const, note: 'text' as const } };

describe('label-not-rfc3339', () => {
  it('reports schema labels whose value is not of type rfc3339', () => {
    assert.deepEqual(covered('label-not-rfc3339', 'FROM a:1\nLABEL v="2024-05-01 12:00" note="2024-05-01 12:00"\n', SCHEMA), [
      '2:"2024-05-01 12:00"',
    ]);
  });
  it('accepts valid values (date-times), variables, empty values and labels outside the schema', () => {
    for (const value of ['2024-05-01T12:00:00Z', '2024-02-29T23:59:59.123+02:00'])
      assert.deepEqual(covered('label-not-rfc3339', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA), [], value);
    assert.deepEqual(covered('label-not-rfc3339', 'FROM a:1\nLABEL v="$VALUE" v2="2024-05-01 12:00"\nLABEL v=""\n', SCHEMA), []);
  });
  it('rejects dates that do not exist or have no offset', () => {
    for (const value of ['2024-04-31T12:00:00Z', '2024-05-01T12:00:00', '2023-02-29T00:00:00Z', '2024-05-01T25:00:00Z'])
      assert.equal(covered('label-not-rfc3339', `FROM a:1\nLABEL v="${value}"\n`, SCHEMA).length, 1, value);
  });
  it('is silent without a label-schema', () => {
    assert.deepEqual(covered('label-not-rfc3339', 'FROM a:1\nLABEL v="2024-05-01 12:00"\n'), []);
  });
});
