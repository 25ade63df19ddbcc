// Hostile and pathological texts over the real protocol: the server keeps answering, our diagnostics arrive even
// when a third-party parser fails on the text, and a slow editor feature does not hold them up.
import * as assert from 'node:assert/strict';
import {
  SemanticTokensRequest,
  HoverRequest,
  FoldingRangeRequest,
  DocumentSymbolRequest,
  CompletionRequest,
  DocumentFormattingRequest,
  DidCloseTextDocumentNotification,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';
import { hugeInputs } from '../helpers/hugeInputs';

/** Texts that broke or froze Dockerfile tooling before, or are shaped to (each small enough for a quick answer). */
function pathologicalTexts(): string[] {
  const texts = [
    ' ARG V=$V\nFROM alpine\nADD a /a\n',
    '\tARG V=${V}\nFROM alpine:3.20\n',
    'ARG A=$B\nARG B=$A\nFROM alpine:$A\n',
    '\u0000\u0001\u0002FROM alpine\n',
    'FROM alpine\nRUN echo \ud800 \udfff lone surrogates\n',
    'FROM alpine\rRUN echo cr only\rADD a /a\r',
    'FROM alpine\nRUN echo "unterminated\n',
    'FROM alpine\nCMD ["unterminated\n',
    'FROM alpine\nCMD ["a", ]\n',
    '# escape=`\nFROM alpine\nRUN echo `\n',
    '# escape=\\\n# escape=`\nFROM alpine\n',
    '# escape=x\nFROM alpine\n',
    'FROM alpine\nRUN <<EOF\nnever closed\n',
    'FROM alpine\nRUN <<-"EOF" <<EOF2\na\nEOF\nb\n',
    'FROM alpine\nCOPY <<EOF /x\n',
    'FROM\n',
    'FROM alpine AS\n',
    'FROM alpine\nCOPY --from= /a /b\n',
    'FROM alpine\nONBUILD ONBUILD RUN x\n',
    'FROM alpine\nHEALTHCHECK CMD\n',
    'FROM alpine\nENV X=${X:-${Y:-${Z:-${X}}}}\n',
    'FROM alpine\nENV =\n',
    'FROM alpine\nARG\n',
    'FROM alpine\nLABEL "=\\"\n',
    'FROM alpine\nRUN \\\n',
    '\\\n\\\n\\\n',
    '\n'.repeat(20_000),
    'FROM alpine\nRUN echo \u202e evil \u2066\u2028\u2029\n',
    'FROM alpine\nRUN echo \x1b]52;c;ZXZpbA==\x07\n',
    '\ufeff\ufeffFROM alpine\n',
    'FROM alpine\nEXPOSE 99999999999999999999/tcpx\n',
    'FROM alpine\nSHELL ["\n',
    'FROM alpine\nUSER :\n',
    'FROM alpine\nWORKDIR $\n',
    'FROM alpine\nRUN ' + '$('.repeat(2_000) + '\n',
    'FROM alpine\nRUN ' + '{'.repeat(2_000) + '\n',
  ];
  for (const { text } of hugeInputs(8_000)) texts.push(text);
  return texts;
}

describe('language server on hostile input (--stdio)', function () {
  this.timeout(180_000);
  let client: LspTestClient;
  beforeEach(() => {
    client = new LspTestClient();
  });
  afterEach(() => client.kill());

  it("publishes our findings for a file whose first line ` ARG V=$V` overflows dockerfile-ast's stack", async () => {
    await client.initialize();
    const published = await client.open('untitled:indented-arg', ' ARG V=$V\nFROM alpine\nADD app /app\n');
    const codes = published.diagnostics.map((d) => d.code);
    assert.ok(codes.includes('add-instead-of-copy'), JSON.stringify(codes));
    assert.ok(codes.includes('untagged-image'), JSON.stringify(codes));
    // The editor basics fail for this file alone; the server still answers them (empty) and serves other files.
    const tokens = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri: 'untitled:indented-arg' } });
    assert.ok(Array.isArray(tokens?.data));
    const other = await client.open('untitled:other', 'FROM alpine:3.20\nADD a /a\n');
    assert.ok(other.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
  });

  it('a 40 KB one-line RUN: diagnostics arrive and the semantic tokens request returns', async () => {
    await client.initialize();
    const uri = 'untitled:long-run';
    const text = 'FROM alpine:3.20\nRUN ' + 'apt-get install curl && '.repeat(1_700) + 'true\nADD a /a\n';
    assert.ok(text.length > 40_000);
    const tokens = client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    const published = await client.open(uri, text);
    assert.ok(published.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
    assert.ok(Array.isArray((await tokens)?.data));
  });

  it('keeps answering every request through ~50 pathological texts', async () => {
    await client.initialize();
    const texts = pathologicalTexts();
    assert.ok(texts.length >= 40);
    for (let i = 0; i < texts.length; i++) {
      const uri = `untitled:hostile-${i}`;
      const published = await client.open(uri, texts[i]);
      assert.ok(Array.isArray(published.diagnostics), `text ${i}`);
      const textDocument = { uri };
      const position = { line: 1, character: 2 };
      await Promise.all([
        client.connection.sendRequest(SemanticTokensRequest.type, { textDocument }),
        client.connection.sendRequest(HoverRequest.type, { textDocument, position }),
        client.connection.sendRequest(FoldingRangeRequest.type, { textDocument }),
        client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
        client.connection.sendRequest(CompletionRequest.type, { textDocument, position }),
        client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument, options: { tabSize: 2, insertSpaces: true } }),
      ]).catch((error) => assert.fail(`text ${i}: ${error instanceof Error ? error.message : String(error)}`));
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument });
    }
    const after = await client.open('untitled:after', 'FROM alpine:3.20\nADD a /a\n');
    assert.ok(after.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
    assert.equal(client.process.exitCode, null, 'the server is still running');
  });
});
