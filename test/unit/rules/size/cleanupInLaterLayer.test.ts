import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

const fixesOf = (text: string) => sizeFindings('cleanup-in-later-layer', text).flatMap((f) => f.fixes);

describe('cleanup-in-later-layer', () => {
  before(() => initShellParser());

  sizeFixtureTests('cleanup-in-later-layer');

  it('folds the cleanup onto the end of the creating RUN under harmless set options', () => {
    const [fix] = fixesOf('FROM debian:12\nRUN set -eux; curl -o /tmp/a.tgz https://example.com/a.tgz\nRUN rm /tmp/a.tgz\n');
    assert.ok(fix, 'a fold is offered');
    assert.deepEqual(
      fix.edits.map((e) => e.newText),
      [' && rm /tmp/a.tgz', ''],
    );
  });

  it('does not fold where the result would fail differently or run elsewhere', () => {
    for (const text of [
      // A later statement of the creating RUN would swallow the cleanup's failure.
      'FROM debian:12\nRUN curl -o /tmp/a.tgz https://example.com/a.tgz; echo fetched\nRUN rm /tmp/a.tgz\n',
      // The cleanup RUN joins with `;`: folded with `&&` each, it would fail where it did not.
      'FROM debian:12\nRUN curl -o /tmp/a.tgz https://example.com/a.tgz && curl -o /tmp/b.tgz https://example.com/b.tgz\nRUN rm /tmp/a.tgz; rm /tmp/b.tgz\n',
      // The creating RUN changes directory: the cleanup would run in /tmp.
      'FROM debian:12\nRUN cd /tmp && curl -o /tmp/a.tgz https://example.com/a.tgz\nRUN rm /tmp/a.tgz\n',
      // It sets a variable the cleanup expands.
      'FROM debian:12\nRUN D=/tmp && curl -o /tmp/a.tgz https://example.com/a.tgz\nRUN rm /tmp/a.tgz $D/x\n',
      // set -e and a compound last statement: -e would no longer apply inside it.
      'FROM debian:12\nRUN set -e; { curl -o /tmp/a.tgz https://example.com/a.tgz; true; }\nRUN rm /tmp/a.tgz\n',
      // A comment would swallow the appended cleanup.
      'FROM debian:12\nRUN curl -o /tmp/a.tgz https://example.com/a.tgz # fetch\nRUN rm /tmp/a.tgz\n',
    ]) {
      assert.ok(sizeFindings('cleanup-in-later-layer', text).length > 0, `fires on ${text}`);
      assert.deepEqual(fixesOf(text), [], text);
    }
  });
});
