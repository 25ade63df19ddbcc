import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('go-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports go install / go get without a version, and @latest', () => {
    assert.deepEqual(
      covered('go-version-unpinned', 'FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\nRUN go get example.org/mod\n'),
      ['2:golang.org/x/tools/gopls@latest', '3:example.org/mod'],
    );
  });
  it('accepts @version, local packages and -ldflags values; ignores go build', () => {
    assert.deepEqual(
      covered(
        'go-version-unpinned',
        'FROM golang:1.23\nRUN go install -ldflags "-s -w" honnef.co/go/tools/cmd/staticcheck@v0.5.1 ./cmd/... && go build ./...\n',
      ),
      [],
    );
  });
});
