// ShellCheck over LSP with the real binary: the findings of a publish come first, SC findings follow (once typing
// pauses) in a second publish of the same version at their exact columns inside the RUN, and a later edit shows the
// kept results at once. Without the binary: one line in the log, no SC diagnostics, no error.
import * as assert from 'node:assert/strict';
import {
  DidChangeConfigurationNotification,
  LogMessageNotification,
  PublishDiagnosticsParams,
  DiagnosticSeverity,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';
import { requireShellcheck } from '../helpers/shellcheck';
import { QUIET_MS } from '../../server/src/lsp/shellcheck';

const URI = 'untitled:Dockerfile-shellcheck';
const TEXT = 'FROM debian:12\nADD app.py /app/\nRUN apt-get update \\\n    && echo $not_set\n';
const isShellcheck = (code: unknown) => typeof code === 'string' && /^SC\d{4}$/.test(code);

/** The first publish for this version that has SC diagnostics (already published or still to come). */
async function withShellcheck(client: LspTestClient, version: number): Promise<PublishDiagnosticsParams> {
  for (;;) {
    const published = client.published.find(
      (p) => p.uri === URI && p.version === version && p.diagnostics.some((d) => isShellcheck(d.code)),
    );
    if (published) return published;
    await client.nextDiagnostics(URI, version, 30_000);
  }
}

describe('ShellCheck over LSP (real shellcheck binary)', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  before(function () {
    requireShellcheck(this);
  });
  beforeEach(() => {
    client = new LspTestClient();
  });
  afterEach(() => client.kill());

  it('publishes the rules first, then SC findings at their exact column; an edit shows kept results at once', async () => {
    await client.initialize();
    const first = await client.open(URI, TEXT);
    assert.ok(
      first.diagnostics.some((d) => d.code === 'add-instead-of-copy'),
      JSON.stringify(first.diagnostics),
    );
    assert.ok(!first.diagnostics.some((d) => isShellcheck(d.code)), 'the first publish does not wait for ShellCheck');
    const merged = await withShellcheck(client, 1);
    const column = TEXT.split('\n')[3].indexOf('$not_set');
    const sc2154 = merged.diagnostics.find((d) => d.code === 'SC2154');
    assert.ok(sc2154, JSON.stringify(merged.diagnostics));
    assert.deepEqual(sc2154.range, { start: { line: 3, character: column }, end: { line: 3, character: column + '$not_set'.length } });
    assert.equal(sc2154.severity, DiagnosticSeverity.Warning);
    assert.equal(sc2154.source, 'layerwise');
    assert.equal(sc2154.codeDescription?.href, 'https://www.shellcheck.net/wiki/SC2154');
    const sc2086 = merged.diagnostics.find((d) => d.code === 'SC2086');
    assert.equal(sc2086?.severity, DiagnosticSeverity.Information);
    // The rules' own findings are still there beside them.
    assert.ok(merged.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
    // Two lines inserted above the RUN: its text is unchanged, so the first publish already has its SC findings, moved.
    const edited = await client.change(URI, 2, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'LABEL a=b\n\n' },
    ]);
    const moved = edited.diagnostics.find((d) => d.code === 'SC2154');
    assert.deepEqual(moved?.range.start, { line: 5, character: column });
  });

  it('without the binary: one log line, no SC diagnostics, the rules still publish', async () => {
    const logs: string[] = [];
    client.connection.onNotification(LogMessageNotification.type, (m) => logs.push(m.message));
    await client.initialize();
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { layerwise: { rules: {}, shellcheck: { path: '/nonexistent/shellcheck' } } },
    });
    const first = await client.open(URI, TEXT);
    const second = await client.change(URI, 2, [
      { range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } }, text: 'RUN echo $again\n' },
    ]);
    for (const published of [first, second]) {
      assert.ok(published.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
      assert.ok(!published.diagnostics.some((d) => isShellcheck(d.code)));
    }
    // ShellCheck is tried once typing pauses: the note comes then, once, and never again for later edits.
    const note = () => logs.filter((m) => /ShellCheck not run/.test(m));
    for (let waited = 0; note().length === 0 && waited < 20_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    await client.change(URI, 3, [
      { range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: 'RUN echo $more\n' },
    ]);
    await new Promise((r) => setTimeout(r, 4 * QUIET_MS));
    const notes = note();
    assert.equal(notes.length, 1, logs.join('\n'));
    assert.match(notes[0], /\/nonexistent\/shellcheck: not found/);
    assert.equal(client.stderr.join(''), '');
  });
});
