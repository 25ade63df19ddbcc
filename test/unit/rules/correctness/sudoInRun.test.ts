import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { assertFixes, findings, lines } from '../harness';

describe('sudo-in-run', () => {
  before(async () => {
    await initShellParser();
  });

  it('removes a plain sudo (a fix that needs root, so unsafe)', () => {
    assertFixes(
      'sudo-in-run',
      'FROM a:1\nRUN sudo apt-get update && sudo apt-get install -y curl\n',
      'FROM a:1\nRUN apt-get update && apt-get install -y curl\n',
    );
  });
  it('reports sudo with options without a fix; ignores the word elsewhere', () => {
    assert.deepEqual(
      findings('sudo-in-run', 'FROM a:1\nRUN sudo -u app make\n').map((f) => f.fixes.length),
      [0],
    );
    assert.deepEqual(lines('sudo-in-run', 'FROM a:1\nRUN apt-get install -y sudo\nRUN echo sudo\n'), []);
  });
  it('checks ONBUILD RUN like RUN', () => {
    assert.deepEqual(lines('sudo-in-run', 'FROM a:1\nONBUILD RUN sudo make install\n'), [2]);
  });
});
