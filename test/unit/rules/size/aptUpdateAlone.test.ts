import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFixtureTests } from '../harness';

describe('apt-update-alone', () => {
  before(() => initShellParser());

  sizeFixtureTests('apt-update-alone');
});
