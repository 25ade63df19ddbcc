import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('numeric-stage-ref', () => {
  it('fires on COPY --from=<index> and names the stage', () => {
    assertFixes(
      'numeric-stage-ref',
      'FROM golang:1.22\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=0 /app /app\n',
      'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\n',
    );
  });
  it('reuses an existing name and keeps lower-case keywords', () => {
    assertFixes(
      'numeric-stage-ref',
      'from golang:1.22 as builder\nfrom alpine:3.20\ncopy --from=0 /a /a\ncopy --from=0 /b /b\n',
      'from golang:1.22 as builder\nfrom alpine:3.20\ncopy --from=builder /a /a\ncopy --from=builder /b /b\n',
    );
  });
  it('names two references to one unnamed stage once', () => {
    assertFixes(
      'numeric-stage-ref',
      'FROM a:1\nFROM b:1\nCOPY --from=0 /a /a\nCOPY --from=0 /b /b\n',
      'FROM a:1 AS build\nFROM b:1\nCOPY --from=build /a /a\nCOPY --from=build /b /b\n',
    );
  });
  it('stays quiet on names, images and forward indexes', () => {
    assert.deepEqual(
      lines('numeric-stage-ref', 'FROM a:1 AS b\nFROM c:1\nCOPY --from=b /x /x\nCOPY --from=nginx:1 /y /y\nCOPY --from=5 /z /z\n'),
      [],
    );
  });
});
