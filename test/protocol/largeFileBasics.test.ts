// The editor basics on a ~100 KB Dockerfile (computed in the editor worker, over WORKER_MIN_CHARS) answer as they
// do for a small one, and the diagnostics of a keystroke sent behind them still arrive, newest version last.
import * as assert from 'node:assert/strict';
import {
  CompletionRequest,
  DocumentFormattingRequest,
  DocumentSymbolRequest,
  FoldingRangeRequest,
  HoverRequest,
  type CompletionItem,
  type CompletionList,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';

/** One build stage: a multi-line RUN to fold, a badly indented RUN to format, an ARG and ENV to hover. */
function stage(n: number): string {
  return [
    `FROM debian:bookworm-slim AS build${n}`,
    `# stage ${n}: builds component ${n}`,
    `ARG VERSION_${n}=1.${n}`,
    `ENV APP_${n}=/opt/app${n}`,
    `WORKDIR /src/${n}`,
    `COPY src${n}/ /src/${n}/`,
    'RUN apt-get update \\',
    '    && apt-get install -y --no-install-recommends curl ca-certificates \\',
    '    && rm -rf /var/lib/apt/lists/*',
    `   RUN echo \${VERSION_${n}} > /src/${n}/version`,
    '',
  ].join('\n');
}

const STAGES = 300;
const LINES_PER_STAGE = stage(0).split('\n').length - 1;
const small = stage(0);
const large = Array.from({ length: STAGES }, (_, n) => stage(n)).join('');

const labels = (answer: CompletionItem[] | CompletionList | null) =>
  (Array.isArray(answer) ? answer : (answer?.items ?? [])).map((item) => item.label).sort();

describe('editor basics on a ~100 KB Dockerfile (--stdio)', function () {
  this.timeout(120_000);
  let client: LspTestClient;
  beforeEach(() => {
    client = new LspTestClient();
  });
  afterEach(() => client.kill());

  /** Hover, completion, folding, symbols and formatting of `uri`, all sent at once. */
  function basics(uri: string, lastLine: number) {
    const textDocument = { uri };
    return Promise.all([
      client.connection.sendRequest(HoverRequest.type, { textDocument, position: { line: 0, character: 1 } }),
      client.connection.sendRequest(CompletionRequest.type, { textDocument, position: { line: lastLine, character: 0 } }),
      client.connection.sendRequest(FoldingRangeRequest.type, { textDocument }),
      client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument }),
      client.connection.sendRequest(DocumentFormattingRequest.type, { textDocument, options: { tabSize: 4, insertSpaces: true } }),
    ]);
  }

  it('answers hover, completion, folding, symbols and formatting as for a small file', async () => {
    assert.ok(large.length > 95_000 && large.length < 128_000, `${large.length} characters`);
    await client.initialize();
    await client.open('untitled:small', small);
    await client.open('untitled:large', large);
    const [smallHover, smallCompletion, smallFolding, smallSymbols, smallEdits] = await basics('untitled:small', LINES_PER_STAGE);
    const [hover, completion, folding, symbols, edits] = await basics('untitled:large', STAGES * LINES_PER_STAGE);

    assert.ok(smallHover?.contents, 'a hover on FROM in the small file has contents');
    assert.deepEqual(hover?.contents, smallHover.contents);
    assert.ok(labels(smallCompletion).includes('FROM baseImage'), JSON.stringify(labels(smallCompletion)));
    assert.deepEqual(labels(completion), labels(smallCompletion));
    assert.ok(smallFolding && smallFolding.length > 0);
    assert.equal(folding?.length, STAGES * smallFolding.length);
    assert.ok(smallSymbols && smallSymbols.length > 0);
    assert.equal(symbols?.length, STAGES * smallSymbols.length);
    assert.ok(smallEdits && smallEdits.length > 0, 'the indented RUN gets an edit');
    assert.equal(edits?.length, STAGES * smallEdits.length);
    const lastStageLine = (STAGES - 1) * LINES_PER_STAGE;
    assert.ok(
      edits.some((edit) => edit.range.start.line === lastStageLine + 9 && edit.newText === ''),
      'the last stage indented RUN loses its indentation',
    );
  });

  it("publishes a keystroke's diagnostics while editor requests on the large file are pending", async () => {
    await client.initialize();
    const uri = 'untitled:large';
    const opened = await client.open(uri, large);
    assert.ok(!opened.diagnostics.some((d) => d.code === 'add-instead-of-copy'));
    const pending = basics(uri, STAGES * LINES_PER_STAGE);
    const end = { line: STAGES * LINES_PER_STAGE, character: 0 };
    const typed = await client.change(uri, 2, [{ range: { start: end, end }, text: 'ADD app /app\n' }]);
    assert.ok(
      typed.diagnostics.some((d) => d.code === 'add-instead-of-copy' && d.range.start.line === end.line),
      JSON.stringify(typed.diagnostics.map((d) => d.code)),
    );
    const [hover, completion, folding, symbols] = await pending;
    assert.ok(hover?.contents);
    assert.ok(labels(completion).length > 0);
    assert.ok(folding && folding.length > 0);
    assert.ok(symbols && symbols.length > 0);
    // After the keystroke, nothing older is published for the file (a late syntax check keeps its own version).
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(
      versions,
      [...versions].sort((a, b) => (a ?? 0) - (b ?? 0)),
    );
    assert.equal(versions.at(-1), 2);
  });
});
