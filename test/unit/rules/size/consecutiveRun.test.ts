import * as assert from 'node:assert/strict';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('consecutive-run', () => {
  before(() => initShellParser());

  sizeFixtureTests('consecutive-run');

  it('never merges RUNs with different flags, heredocs or exec form', () => {
    const text = 'FROM a\nRUN --network=none make\nRUN make install\nRUN <<EOF\necho hi\nEOF\nRUN echo after\nRUN ["echo", "exec"]\n';
    const found = sizeFindings('consecutive-run', text);
    assert.deepEqual(found.map((f) => f.range.start.line + 1), [4, 7, 8]);
    assert.deepEqual(found.flatMap((f) => f.fixes), []);
  });

  it('is a hint', () => {
    assert.equal(rulesById.get('consecutive-run')!.meta.severity, 'hint');
  });
});
