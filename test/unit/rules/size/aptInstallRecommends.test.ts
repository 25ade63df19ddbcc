import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFixtureTests } from '../harness';

describe('apt-install-recommends', () => {
  before(() => initShellParser());

  sizeFixtureTests('apt-install-recommends');
});
