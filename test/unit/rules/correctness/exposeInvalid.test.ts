import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('expose-invalid', () => {
  it('fixes host parts and protocol casing, reports out-of-range ports', () => {
    assertFixes('expose-invalid', 'FROM a:1\nEXPOSE 8080:80 53/UDP\n', 'FROM a:1\nEXPOSE 80 53/udp\n');
    assert.deepEqual(lines('expose-invalid', 'FROM a:1\nEXPOSE 70000\nEXPOSE http\n'), [2], 'a non-numeric port is a syntax error, not ours');
  });
  it('accepts ports, ranges, protocols and variables', () => {
    assert.deepEqual(lines('expose-invalid', 'FROM a:1\nEXPOSE 80 443/tcp 8000-8010 53/udp $PORT\n'), []);
  });
});
