import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('apk-no-cache', () => {
  before(() => initShellParser());

  sizeFixtureTests('apk-no-cache');
  it('checks ONBUILD RUN like RUN (it runs in every image built FROM this one)', () => {
    assert.deepEqual(
      sizeFindings('apk-no-cache', 'FROM alpine:3.20\nONBUILD RUN apk add curl\n').map((f) => f.range.start.line + 1),
      [2],
    );
  });
});
