import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

describe('label-superfluous', () => {
  it('with strict-labels, reports labels outside the schema (every label without a schema)', () => {
    assert.deepEqual(
      covered('label-superfluous', 'FROM a:1\nLABEL version=1 other=2\n', { labelSchema: { version: 'text' }, strictLabels: true }),
      ['2:other'],
    );
    assert.deepEqual(covered('label-superfluous', 'FROM a:1\nLABEL version=1\n', { strictLabels: true }), ['2:version']);
  });
  it('is silent without strict-labels, and for schema labels', () => {
    assert.deepEqual(covered('label-superfluous', 'FROM a:1\nLABEL other=2\n', { labelSchema: { version: 'text' } }), []);
    assert.deepEqual(
      covered('label-superfluous', 'FROM a:1\nLABEL "version"=1\n', { labelSchema: { version: 'text' }, strictLabels: true }),
      [],
    );
    assert.deepEqual(covered('label-superfluous', 'FROM a:1\nLABEL constructor=1\n', { labelSchema: {}, strictLabels: false }), []);
  });
});
