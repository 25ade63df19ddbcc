import * as assert from 'node:assert/strict';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('apt-lists-not-removed', () => {
  before(() => initShellParser());

  sizeFixtureTests('apt-lists-not-removed');

  it('declares the hadolint alias', () => {
    assert.deepEqual(rulesById.get('apt-lists-not-removed')!.meta.aliases, ['DL3009']);
  });
  it('checks ONBUILD RUN like RUN (it runs in every image built FROM this one)', () => {
    assert.deepEqual(
      sizeFindings(
        'apt-lists-not-removed',
        'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y --no-install-recommends curl\n',
      ).map((f) => f.range.start.line + 1),
      [2],
    );
  });
});
