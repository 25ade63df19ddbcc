import * as assert from 'node:assert/strict';
import { assertFixes, findings, lines } from '../harness';

describe('copy-from-stage', () => {
  it('reports later stages, own stage and typos', () => {
    const text =
      'FROM a:1 AS builder\nFROM b:1 AS final\nCOPY --from=final /x /x\nCOPY --from=later /y /y\nCOPY --from=buidler /z /z\nFROM c:1 AS later\n';
    assert.deepEqual(lines('copy-from-stage', text), [3, 4, 5]);
    assertFixes(
      'copy-from-stage',
      'FROM a:1 AS builder\nFROM b:1\nCOPY --from=buidler /z /z\n',
      'FROM a:1 AS builder\nFROM b:1\nCOPY --from=builder /z /z\n',
    );
  });
  it('treats unknown plain names as a named build context (info)', () => {
    const [finding] = findings('copy-from-stage', 'FROM a:1\nCOPY --from=templates /t /t\n');
    assert.equal(finding.severity, 'info');
  });
  it('accepts earlier stages, images and variables', () => {
    assert.deepEqual(
      lines(
        'copy-from-stage',
        'FROM a:1 AS build\nFROM b:1\nCOPY --from=build /a /a\nCOPY --from=nginx:1.27 /b /b\nCOPY --from=$STAGE /c /c\nCOPY --from=0 /d /d\n',
      ),
      [],
    );
  });
  it('reports a stage index that is its own stage or a later one', () => {
    const text = 'FROM a:1\nFROM b:1\nCOPY --from=1 /x /x\nCOPY --from=2 /y /y\nCOPY --from=0 /z /z\nFROM c:1\n';
    const found = findings('copy-from-stage', text);
    assert.deepEqual(
      found.map((f) => f.range.start.line + 1),
      [3, 4],
    );
    assert.match(found[0].message, /its own stage/);
    assert.match(found[1].message, /later stage/);
  });
});
