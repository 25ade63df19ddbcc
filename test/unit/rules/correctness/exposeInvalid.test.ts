import * as assert from 'node:assert/strict';
import { assertFixes, findings, lines } from '../harness';
import { syntaxFindings } from '../../../../server/src/core/config/syntaxChecks';

describe('expose-invalid', () => {
  it('fixes host parts and protocol casing, reports out-of-range ports', () => {
    assertFixes('expose-invalid', 'FROM a:1\nEXPOSE 8080:80 53/UDP\n', 'FROM a:1\nEXPOSE 80 53/udp\n');
    assert.deepEqual(
      lines('expose-invalid', 'FROM a:1\nEXPOSE 70000\nEXPOSE http\n'),
      [2],
      'a non-numeric port is a syntax error, not ours',
    );
  });
  it('a host address and port is a warning of this rule, as BuildKit has it, not also a syntax error', () => {
    const text = 'FROM a:1\nEXPOSE 127.0.0.1:80:80\nEXPOSE 8080:80/tcp\n';
    assert.deepEqual(
      findings('expose-invalid', text).map((f) => `${f.range.start.line + 1}:${f.severity}`),
      ['2:warning', '3:warning'],
    );
    assert.deepEqual(syntaxFindings(text), []);
    assert.deepEqual(
      syntaxFindings('FROM a:1\nEXPOSE http\n').map((f) => f.severity),
      ['error'],
      'what is no port at all stays a syntax error',
    );
  });
  it('accepts ports, ranges, protocols and variables', () => {
    assert.deepEqual(lines('expose-invalid', 'FROM a:1\nEXPOSE 80 443/tcp 8000-8010 53/udp $PORT\n'), []);
  });
});
