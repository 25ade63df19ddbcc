import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('pointless-command', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports service managers and interactive tools run in a RUN', () => {
    assert.deepEqual(covered('pointless-command', 'FROM a:1\nRUN service nginx start && ps aux\nRUN mount -a; ifconfig\n'), [
      '2:service',
      '2:ps',
      '3:mount',
      '3:ifconfig',
    ]);
  });
  it('does not report installing them, or the words as arguments', () => {
    assert.deepEqual(covered('pointless-command', 'FROM a:1\nRUN apt-get install -y vim openssh-client procps && echo top\n'), []);
  });
});
