import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFixtureTests } from '../harness';

describe('cleanup-in-later-layer', () => {
  before(() => initShellParser());

  sizeFixtureTests('cleanup-in-later-layer');
});
