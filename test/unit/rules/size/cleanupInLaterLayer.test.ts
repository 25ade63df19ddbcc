import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';
import { applyEdits } from '../../../../server/src/core/fix/applyFixes';

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
  it('merges update, install and cleanup split across RUNs into one RUN, as a safe fix', () => {
    const text = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y jq\nRUN rm -rf /var/lib/apt/lists/*\n';
    const [fix] = fixesOf(text);
    assert.ok(fix, 'the composed merge is offered');
    assert.equal(fix.title, 'Merge lines 2–4 into one RUN that cleans up where the files are made');
    assert.equal(fix.safe, true);
    assert.equal(
      applyEdits(text, fix.edits),
      'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y jq && \\\n    rm -rf /var/lib/apt/lists/*\n',
    );
  });

  it('does not merge split RUNs where the merged RUN could behave differently', () => {
    for (const text of [
      // The middle RUN is not a plain && chain: its `;` would change what fails.
      'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y jq; echo done\nRUN rm -rf /var/lib/apt/lists/*\n',
      // The middle RUN changes directory: the cleanup would run elsewhere (relative paths).
      'FROM debian:12\nRUN apt-get update\nRUN cd /opt && apt-get install -y jq\nRUN rm -rf /var/lib/apt/lists/*\n',
      // Different flags: one RUN cannot have both.
      'FROM debian:12\nRUN apt-get update\nRUN --network=none apt-get install -y jq\nRUN rm -rf /var/lib/apt/lists/*\n',
      // Something other than a RUN between them (an ENV the later RUNs see).
      'FROM debian:12\nRUN apt-get update\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y jq\nRUN rm -rf /var/lib/apt/lists/*\n',
    ]) {
      assert.ok(sizeFindings('cleanup-in-later-layer', text).length > 0, `fires on ${text}`);
      assert.deepEqual(
        fixesOf(text).filter((f) => f.title.startsWith('Merge lines')),
        [],
        text,
      );
    }
  });

  it('reports a relative rm of a file an earlier COPY put in the WORKDIR, as a suggestion without an edit', () => {
    for (const [text, subject] of [
      ['FROM debian:12\nCOPY hello.c /\nRUN gcc -o /usr/local/bin/hello hello.c\nRUN rm -rf hello.c\n', '/hello.c'],
      ['FROM debian:12\nWORKDIR /src\nCOPY hello.c ./\nRUN make hello\nRUN rm hello.c\n', '/src/hello.c'],
      ['FROM debian:12\nWORKDIR /src\nCOPY hello.c main.c /src/\nRUN rm /src/main.c\n', '/src/main.c'],
    ]) {
      const [finding] = sizeFindings('cleanup-in-later-layer', text);
      assert.ok(finding, `fires on ${text}`);
      assert.match(finding.message, new RegExp(`removes ${subject}, which the COPY or ADD on line \\d put there`));
      assert.deepEqual(finding.fixes, []);
    }
  });

  it('does not take a relative rm for a copied file elsewhere', () => {
    for (const text of [
      // The RUN changes directory first.
      'FROM debian:12\nCOPY hello.c /\nRUN cd /tmp && rm -rf hello.c\n',
      // The WORKDIR moved after the COPY.
      'FROM debian:12\nCOPY hello.c /\nWORKDIR /app\nRUN rm -rf hello.c\n',
      // A folder source's contents go into the destination, not a folder of its name.
      'FROM debian:12\nCOPY src /app/\nRUN rm -rf /app/src\n',
    ])
      assert.deepEqual(sizeFindings('cleanup-in-later-layer', text), [], text);
  });
});
