import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { assertFixes, lines } from '../harness';

describe('useradd-high-uid', () => {
  before(async () => {
    await initShellParser();
  });

  it('adds -l to useradd with a high UID', () => {
    assertFixes('useradd-high-uid', 'FROM debian:12\nRUN useradd -u 1000000 app\n', 'FROM debian:12\nRUN useradd -l -u 1000000 app\n');
  });
  it('accepts low UIDs and -l / --no-log-init', () => {
    assert.deepEqual(
      lines(
        'useradd-high-uid',
        'FROM debian:12\nRUN useradd -u 1000 app\nRUN useradd --no-log-init -u 2000000 b\nRUN useradd -lu 2000000 c\n',
      ),
      [],
    );
  });
  it('checks ONBUILD RUN like RUN', () => {
    assert.deepEqual(lines('useradd-high-uid', 'FROM a:1\nONBUILD RUN useradd -u 123456 app\n'), [2]);
  });
});
