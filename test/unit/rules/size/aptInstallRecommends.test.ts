import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('apt-install-recommends', () => {
  before(() => initShellParser());

  sizeFixtureTests('apt-install-recommends');
  it('checks ONBUILD RUN like RUN (it runs in every image built FROM this one)', () => {
    assert.deepEqual(
      sizeFindings(
        'apt-install-recommends',
        'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n',
      ).map((f) => f.range.start.line + 1),
      [2],
    );
  });
});
