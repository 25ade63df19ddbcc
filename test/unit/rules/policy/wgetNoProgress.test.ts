import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('wget-no-progress', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports wget without a progress, quiet or log option', () => {
    assert.deepEqual(
      covered('wget-no-progress', 'FROM a:1\nRUN wget https://example.org/x.tgz && wget -O /tmp/y https://example.org/y\n'),
      ['2:wget', '2:wget'],
    );
  });
  it('accepts --progress, -q (bundled too), -nv, --no-verbose and -o', () => {
    assert.deepEqual(
      covered(
        'wget-no-progress',
        'FROM a:1\nRUN wget --progress=dot:giga https://e.org/a && wget -qO- https://e.org/b && wget -nv https://e.org/c && wget --no-verbose https://e.org/d && wget -o log https://e.org/e && curl -O https://e.org/f\n',
      ),
      [],
    );
  });
});
