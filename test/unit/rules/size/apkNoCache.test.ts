import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFixtureTests } from '../harness';

describe('apk-no-cache', () => {
  before(() => initShellParser());

  sizeFixtureTests('apk-no-cache');
});
