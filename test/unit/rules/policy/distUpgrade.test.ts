import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('dist-upgrade', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports apt-get upgrade / dist-upgrade and zypper dist-upgrade / dup', () => {
    assert.deepEqual(
      covered(
        'dist-upgrade',
        'FROM a:1\nRUN apt-get update && apt-get -y dist-upgrade\nRUN apt upgrade -y\nRUN zypper --non-interactive dup\n',
      ).map((c) => c.split(':')[0]),
      ['2', '3', '4'],
    );
  });
  it('does not report update, install, or zypper update', () => {
    assert.deepEqual(
      covered('dist-upgrade', 'FROM a:1\nRUN apt-get update && apt-get install -y --only-upgrade openssl && zypper update -y\n'),
      [],
    );
  });
});
