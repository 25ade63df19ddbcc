// Redirections belong to the command they follow: an edit appended after a command (`&& rm …`) must not take
// them over, and the files they write count as written by that command.
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { initShellParser, shellScriptOf } from '../../../server/src/core/shell/index';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { analyzeModel } from '../../../server/src/core/analyze';

describe('shell redirections', () => {
  before(() => initShellParser());

  it('extends the command range over its redirections, in a list too', () => {
    const model = parseDockerfile('FROM debian:12\nRUN apt-get update && apt-get install -y curl > /tmp/log\n');
    const [, install] = shellScriptOf(model, model.instructions[1]).commands;
    assert.equal(model.lines[1].slice(install.range.start.character, install.range.end.character), 'apt-get install -y curl > /tmp/log');
    assert.deepEqual(
      install.writes?.map((w) => w.value),
      ['/tmp/log'],
    );
  });

  it('appends cleanup after the redirection, not before it', () => {
    const fixed = applyFixes('FROM debian:12-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl > /tmp/log\n', {
      onlyRules: ['apt-lists-not-removed'],
    }).text;
    assert.match(fixed, /curl > \/tmp\/log && rm -rf \/var\/lib\/apt\/lists\/\*/);
  });

  it('sees files written by dd of= and by > as created for cleanup-in-later-layer', () => {
    for (const writer of ['dd if=/dev/zero of=/junk bs=1M count=20', 'head -c 1000000 /dev/urandom > /junk']) {
      const findings = analyzeModel(parseDockerfile(`FROM debian:12-slim\nRUN ${writer}\nCOPY a /a\nRUN rm /junk\n`));
      assert.ok(
        findings.some((f) => f.rule === 'cleanup-in-later-layer' && f.range.start.line === 3),
        `${writer}: ${findings.map((f) => f.rule).join(', ')}`,
      );
    }
  });
});
