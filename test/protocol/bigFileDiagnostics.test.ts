// The generated 20,000-line (1 MB) Dockerfile of the benches over LSP: a keystroke publishes our findings first,
// with the syntax checks of the previous version carried over (moved below the edit), and the fresh syntax checks
// from the editor worker follow. No timing here (that is `npm run bench -- keystroke`).
import * as assert from 'node:assert/strict';
import { DidChangeConfigurationNotification, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';
import { generatedDockerfile } from '../../bench/lint.bench';

const URI = 'untitled:generated';
const SYNTAX = 'layerwise (syntax)';

/** The generated file with one syntax error (an unknown protocol) and one of our findings after its first FROM. */
function bigText(): string {
  const lines = generatedDockerfile().split('\n');
  const from = lines.findIndex((l) => l.startsWith('FROM '));
  lines.splice(from + 1, 0, 'EXPOSE 80/tcpx', 'ADD app /app');
  return lines.join('\n');
}

describe('diagnostics of the generated 20,000-line file over LSP (--stdio)', function () {
  this.timeout(300_000);
  let client: LspTestClient;
  beforeEach(() => {
    client = new LspTestClient();
  });
  afterEach(() => client.kill());

  /** The first publish of `version` that satisfies `wanted`, among those already received and those to come. */
  async function publishOf(version: number, wanted: (p: PublishDiagnosticsParams) => boolean): Promise<PublishDiagnosticsParams> {
    for (;;) {
      const found = client.published.find((p) => p.uri === URI && p.version === version && wanted(p));
      if (found) return found;
      await client.nextDiagnostics(URI, version, 240_000);
    }
  }

  const lineOf = (p: PublishDiagnosticsParams, code: string) => p.diagnostics.find((d) => d.code === code)?.range.start.line;
  const syntaxLines = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.source === SYNTAX).map((d) => d.range.start.line);

  it('gets both our findings and the syntax checks, before and after a keystroke', async () => {
    const text = bigText();
    assert.ok(text.split('\n').length > 20_000 && text.length > 900_000, `${text.length} characters`);
    await client.initialize();
    // ShellCheck off (test/protocol/shellcheck.test.ts covers it): its 2,600 RUNs would only slow this test down.
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { layerwise: { rules: {}, shellcheck: { path: '/nonexistent/shellcheck' } } },
    });
    const opened = await client.open(URI, text, 1);
    assert.equal(lineOf(opened, 'add-instead-of-copy'), 4, 'our findings come with the first publish');
    const complete = await publishOf(1, (p) => syntaxLines(p).length > 0);
    assert.deepEqual(syntaxLines(complete), [3], JSON.stringify(complete.diagnostics.filter((d) => d.source === SYNTAX)));
    assert.equal(lineOf(complete, 'add-instead-of-copy'), 4);

    // A line typed in above both: the first publish of the new version has them all, moved down by one.
    const typed = await client.change(URI, 2, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '# typed\n' },
    ]);
    assert.equal(lineOf(typed, 'add-instead-of-copy'), 5);
    assert.deepEqual(syntaxLines(typed), [4]);

    // Fixing the syntax error: a publish of that version follows without it (the fresh syntax checks), ours stay.
    const fixed = await client.change(URI, 3, [
      { range: { start: { line: 4, character: 10 }, end: { line: 4, character: 14 } }, text: 'tcp' },
    ]);
    assert.equal(lineOf(fixed, 'add-instead-of-copy'), 5);
    const settled = await publishOf(3, (p) => syntaxLines(p).length === 0);
    assert.equal(lineOf(settled, 'add-instead-of-copy'), 5);
  });
});
