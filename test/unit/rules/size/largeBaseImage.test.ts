import * as assert from 'node:assert/strict';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFixtureTests } from '../harness';

describe('large-base-image', () => {
  before(() => initShellParser());

  sizeFixtureTests('large-base-image');

  it('is a hint', () => {
    assert.equal(rulesById.get('large-base-image')!.meta.severity, 'hint');
  });
});
