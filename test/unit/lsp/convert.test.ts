// The Problems panel shows a diagnostic's message as is: no Markdown backticks there (rule messages keep them for
// the docs, SARIF and hovers, which render Markdown).
import * as assert from 'node:assert/strict';
import { findingToDiagnostic, plainMessage } from '../../../server/src/lsp/convert';
import { analyzeModel } from '../../../server/src/core/analyze';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { initShellParser } from '../../../server/src/core/shell/index';

describe('diagnostic messages (Problems panel)', () => {
  before(() => initShellParser());

  it('drops code-span backticks: one word stays bare, several words are quoted', () => {
    assert.equal(
      plainMessage('`apt-get install` also installs recommended packages. Add `--no-install-recommends`.'),
      '“apt-get install” also installs recommended packages. Add --no-install-recommends.',
    );
    assert.equal(plainMessage('no code here'), 'no code here');
  });

  it('no finding of a busy Dockerfile reaches the Problems panel with a backtick, though the findings have them', () => {
    const text =
      'FROM debian:12\nRUN apt-get update && apt-get install -y gcc libc6-dev curl\nADD app.tar.gz /app\nRUN npm install\nCMD node app.js\n';
    const findings = analyzeModel(parseDockerfile(text));
    assert.ok(
      findings.some((f) => f.message.includes('`')),
      'this Dockerfile is meant to have findings written with code spans',
    );
    for (const [i, finding] of findings.entries()) {
      const { message } = findingToDiagnostic(finding, i, i === 0 ? 1_000_000 : undefined);
      assert.doesNotMatch(message, /`/, `${finding.rule}: ${message}`);
    }
  });
});
