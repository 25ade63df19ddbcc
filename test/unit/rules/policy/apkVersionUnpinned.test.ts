import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('apk-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports apk add packages without a version', () => {
    assert.deepEqual(covered('apk-version-unpinned', 'FROM alpine:3.20\nRUN apk add --no-cache curl bash=5.2.26-r0\n'), ['2:curl']);
  });
  it('accepts =, ~, < and > versions, the --virtual name and repositories, .apk files; ignores apk del', () => {
    assert.deepEqual(
      covered(
        'apk-version-unpinned',
        'FROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps -X https://example.org/repo gcc~13 "musl-dev>1.2" ./local.apk && apk del curl\n',
      ),
      [],
    );
  });
});
