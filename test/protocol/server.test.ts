// Speaks LSP to the bundled server (`node dist/server.js --stdio`), as another editor would.
import * as assert from 'node:assert/strict';
import { CodeActionRequest, CodeAction, DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';
import { ruleDocumentationRequest } from '../../common/protocol';

const URI = 'untitled:Dockerfile-protocol-test';

describe('language server over --stdio', function () {
  let client: LspTestClient;
  beforeEach(() => {
    client = new LspTestClient();
  });
  afterEach(() => client.kill());

  it('announces incremental sync, diagnostics via code actions and fixAll, and the editor basics', async () => {
    const { capabilities, serverInfo } = await client.initialize();
    assert.equal(serverInfo?.name, 'layerwise');
    assert.equal(capabilities.textDocumentSync, 2);
    assert.deepEqual((capabilities.codeActionProvider as { codeActionKinds: string[] }).codeActionKinds, [
      'quickfix',
      'source.fixAll.layerwise',
    ]);
    assert.ok(capabilities.completionProvider && capabilities.hoverProvider && capabilities.semanticTokensProvider);
    assert.equal(await client.shutdown(), 0);
  });

  it('leaves the editor basics to another extension when told to', async () => {
    const { capabilities } = await client.initialize({ editorFeatures: false });
    assert.equal(capabilities.completionProvider, undefined);
    assert.equal(capabilities.hoverProvider, undefined);
    const published = await client.open(URI, 'FROM alpine\nFROM\n');
    assert.ok(
      published.diagnostics.every((d) => d.source === 'layerwise'),
      'no syntax diagnostics from dockerfile-utils',
    );
  });

  it("leaves colouring to the grammar of a client that has Layerwise's own (no semantic tokens)", async () => {
    const { capabilities } = await client.initialize({ editorFeatures: true, hasLayerwiseGrammar: true });
    assert.equal(capabilities.semanticTokensProvider, undefined);
    assert.ok(capabilities.completionProvider);
  });

  it('publishes findings on open and updates them after an incremental change', async () => {
    await client.initialize();
    const opened = await client.open(URI, 'FROM alpine:3.20\nADD app.py /app/\n');
    const add = opened.diagnostics.find((d) => d.code === 'add-instead-of-copy');
    assert.ok(add, JSON.stringify(opened.diagnostics));
    assert.equal(add.source, 'layerwise');
    assert.equal(add.severity, DiagnosticSeverity.Warning);
    assert.deepEqual(add.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
    const changed = await client.change(URI, 2, [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, text: 'COPY' },
    ]);
    assert.equal(
      changed.diagnostics.find((d) => d.code === 'add-instead-of-copy'),
      undefined,
    );
  });

  it('reports syntax errors from dockerfile-utils once', async () => {
    await client.initialize();
    const published = await client.open(URI, 'FROM alpine:3.20\nEXPOSE 80/tcpx\n');
    const syntax = published.diagnostics.filter((d) => d.source === 'layerwise (syntax)');
    assert.equal(syntax.length, 1, JSON.stringify(published.diagnostics));
  });

  it('after a keystroke: our findings at once, then the syntax checks of that version in a publish of their own', async () => {
    await client.initialize();
    await client.open(URI, 'FROM alpine:3.20\n');
    const end = { line: 1, character: 0 };
    const typed = await client.change(URI, 2, [{ range: { start: end, end }, text: 'ADD app.py /app/\nEXPOSE 80/tcpx\n' }]);
    assert.ok(typed.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
    const isSyntax = (p: { diagnostics: { source?: string }[] }) => p.diagnostics.some((d) => d.source === 'layerwise (syntax)');
    while (!client.published.some((p) => p.version === 2 && isSyntax(p))) await client.nextDiagnostics(URI, 2);
    const complete = client.published.find((p) => p.version === 2 && isSyntax(p))!;
    assert.ok(complete.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
    assert.equal(complete.diagnostics.filter((d) => d.source === 'layerwise (syntax)').length, 1);
  });

  it('offers the fix, "ignore here" and "show documentation" as quick fixes, and fixAll', async () => {
    await client.initialize();
    const opened = await client.open(URI, 'FROM alpine:3.20\nADD app.py /app/\n');
    const diagnostic = opened.diagnostics.find((d) => d.code === 'add-instead-of-copy')!;
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Replace ADD with COPY'), titles.join(' | '));
    assert.ok(titles.includes('Ignore add-instead-of-copy for this instruction'));
    assert.ok(titles.includes('Show documentation for add-instead-of-copy'));
    const fix = actions.find((a) => a.title === 'Replace ADD with COPY')!;
    assert.equal(fix.kind, 'quickfix.layerwise.add-instead-of-copy', 'a sub-kind of quickfix naming the rule (see fixActionKind)');
    assert.equal(fix.isPreferred, true);
    assert.deepEqual(fix.edit?.changes?.[URI], [{ range: diagnostic.range, newText: 'COPY' }]);
    const ignore = actions.find((a) => a.title.startsWith('Ignore'))!;
    assert.deepEqual(ignore.edit?.changes?.[URI], [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '# layerwise ignore=add-instead-of-copy\n' },
    ]);

    const fixAll = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.layerwise'] },
    })) as CodeAction[];
    assert.equal(fixAll.length, 1);
    assert.equal(fixAll[0].kind, 'source.fixAll.layerwise');
    assert.deepEqual(fixAll[0].edit?.changes?.[URI], [
      { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, newText: 'COPY' },
    ]);
  });

  it('serves rule documentation through the custom request', async () => {
    await client.initialize();
    const doc = (await client.connection.sendRequest(ruleDocumentationRequest.method, { rule: 'add-instead-of-copy' })) as {
      markdown: string;
    } | null;
    assert.match(doc!.markdown, /add-instead-of-copy/);
    assert.equal(await client.connection.sendRequest(ruleDocumentationRequest.method, { rule: 'no-such-rule' }), null);
  });

  it('survives hostile text and keeps answering', async () => {
    await client.initialize();
    const hostile = [
      '\u0000\u0001\u00ff'.repeat(1000),
      'RUN <<EOF\necho never closed\n',
      '# escape=`\nFROM alpine\nRUN echo `\n  hi\n',
      'ENV X=${X:-"default"}\n',
      'FROM a\n' + 'RUN echo \\\n'.repeat(20000) + '  done\n',
      '\ufeffFROM alpine\r\nRUN echo hi\r\n',
      'x'.repeat(1_000_000),
    ];
    let version = 1;
    for (const text of hostile) {
      const published = await client.open(`untitled:hostile-${version}`, text, version);
      assert.ok(Array.isArray(published.diagnostics));
      version++;
    }
    const after = await client.open(URI, 'FROM alpine:3.20\nADD a /a\n');
    assert.ok(after.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
  });
});
