import * as assert from 'node:assert/strict';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFixtureTests } from '../harness';

describe('package-cache-not-cleaned', () => {
  before(() => initShellParser());

  sizeFixtureTests('package-cache-not-cleaned');

  it('declares the hadolint aliases', () => {
    assert.deepEqual(rulesById.get('package-cache-not-cleaned')!.meta.aliases, ['DL3032', 'DL3040', 'DL3036', 'DL3060']);
  });
});
