import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { lines } from '../harness';

describe('shell-symlink', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports ln -s over /bin/sh', () => {
    assert.deepEqual(
      lines(
        'shell-symlink',
        'FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\nRUN ln -s /usr/bin/python3 /usr/bin/python\nRUN cp /bin/sh /tmp/sh\n',
      ),
      [2],
    );
  });
  it('checks ONBUILD RUN like RUN', () => {
    assert.deepEqual(lines('shell-symlink', 'FROM a:1\nONBUILD RUN ln -sf /bin/bash /bin/sh\n'), [2]);
  });
});
