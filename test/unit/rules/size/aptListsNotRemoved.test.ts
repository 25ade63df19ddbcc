import * as assert from 'node:assert/strict';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFixtureTests } from '../harness';

describe('apt-lists-not-removed', () => {
  before(() => initShellParser());

  sizeFixtureTests('apt-lists-not-removed');

  it('declares the hadolint alias', () => {
    assert.deepEqual(rulesById.get('apt-lists-not-removed')!.meta.aliases, ['DL3009']);
  });
});
