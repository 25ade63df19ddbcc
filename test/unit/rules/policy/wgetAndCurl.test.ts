import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('wget-and-curl', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports every use of the tool a stage took up second', () => {
    assert.deepEqual(
      covered('wget-and-curl', 'FROM a:1\nRUN curl -fsSLO https://e.org/a\nRUN wget https://e.org/b && wget https://e.org/c\n'),
      ['3:wget', '3:wget'],
    );
    assert.deepEqual(covered('wget-and-curl', 'FROM a:1\nRUN wget -q https://e.org/a && curl -O https://e.org/b\n'), ['2:curl']);
  });
  it('accepts one tool per stage, even if stages differ', () => {
    assert.deepEqual(covered('wget-and-curl', 'FROM a:1\nRUN curl -O https://e.org/a\nFROM b:1\nRUN wget https://e.org/b\n'), []);
  });
});
