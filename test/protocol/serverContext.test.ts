// A virtual workspace (every folder on a virtual file system): the server lints, never uses the Docker engine,
// and says so — in the engine status, on line 1 of a Dockerfile, and in the answer to a build or an analysis.
// And the server's texts (its own and the rules') in the editor's language, from the l10n bundle beside its bundle.
import * as assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, CodeActionRequest, CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { LspTestClient, SERVER_JS } from './lspClient';
import { analyzeImageRequest, buildImageRequest, engineStatusNotification, EngineStatusParams } from '../../common/protocol';

const TEXT = 'FROM layerwise-test/busybox:1\nADD app.py /app/\n';

describe('language server in a virtual workspace', function () {
  let client: LspTestClient;
  let dir: string;
  const statuses: EngineStatusParams[] = [];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'layerwise-virtual-'));
    writeFileSync(join(dir, 'Dockerfile'), TEXT);
    client = new LspTestClient();
    client.connection.onNotification(engineStatusNotification, (s) => statuses.push(s));
  });
  afterEach(() => {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lints, reports the engine as unused, and refuses builds and analyses with the reason', async () => {
    await client.initialize({ editorFeatures: true, trusted: true, virtualWorkspace: true });
    // Even a Dockerfile on disk (opened from outside the workspace) gets no engine features.
    const uri = pathToFileURL(join(dir, 'Dockerfile')).toString();
    const published = await client.open(uri, TEXT);
    assert.ok(
      published.diagnostics.some((d) => d.code === 'add-instead-of-copy'),
      JSON.stringify(published.diagnostics),
    );
    assert.deepEqual(statuses.at(-1), { reachable: false, endpoint: '', virtualWorkspace: true });

    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(
      (lenses ?? [])
        .filter((l) => l.range.start.line === 0)
        .map((l) => l.command?.title)
        .filter((t) => /^Layer sizes/.test(t ?? '')),
      ['Layer sizes: not available in a virtual workspace (linting only)'],
    );

    const build = await client.connection.sendRequest(buildImageRequest, { buildId: 'b1', uri, tag: 'layerwise-virtual:never' });
    assert.equal(build.ok, false);
    assert.match(build.message ?? '', /virtual workspace/);
    const analysis = await client.connection.sendRequest(analyzeImageRequest, { image: 'layerwise-test/busybox:1' });
    assert.equal(analysis.ok, false);
    assert.match(analysis.ok ? '' : analysis.message, /virtual workspace/);
  });

  it('says why an untitled Dockerfile has no layer sizes in an ordinary workspace', async () => {
    await client.initialize({ editorFeatures: true, trusted: false });
    await client.open('untitled:Untitled-1', TEXT);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: 'untitled:Untitled-1' } });
    assert.deepEqual(
      (lenses ?? []).map((l) => l.command?.title),
      ['Layer sizes: only for a Dockerfile saved on disk'],
    );
  });
});

describe("language server in the editor's language (InitializeParams.locale)", function () {
  let root: string;
  let client: LspTestClient | undefined;

  before(() => {
    // A copy of the bundle with its own l10n/ folder beside dist/, as in the installed extension.
    root = mkdtempSync(join(tmpdir(), 'layerwise-locale-'));
    cpSync(dirname(SERVER_JS), join(root, 'dist'), { recursive: true, filter: (f) => !f.endsWith('.map') });
    mkdirSync(join(root, 'l10n'));
    writeFileSync(
      join(root, 'l10n', 'bundle.l10n.de.json'),
      JSON.stringify({
        'Layer sizes: only for a Dockerfile saved on disk': 'Layer-Größen: nur für eine gespeicherte Dockerfile',
        'Ignore {0} for this instruction': '{0} für diese Anweisung ignorieren',
        'Use COPY instead of ADD for local files: ADD also unpacks archives and fetches URLs, COPY only copies.':
          'Verwenden Sie COPY statt ADD für lokale Dateien: ADD entpackt auch Archive und lädt URLs, COPY kopiert nur.',
        'Replace ADD with COPY': 'ADD durch COPY ersetzen',
      }),
    );
  });
  afterEach(() => client?.kill());
  after(() => rmSync(root, { recursive: true, force: true }));

  it('titles lenses, diagnostics and code actions in the language the editor names', async () => {
    client = new LspTestClient(['--stdio'], join(root, 'dist', 'server.js'));
    await client.initialize({ editorFeatures: false }, 'de-DE');
    const uri = 'untitled:Untitled-2';
    const published = await client.open(uri, TEXT);
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    assert.deepEqual(
      (lenses ?? []).map((l) => l.command?.title),
      ['Layer-Größen: nur für eine gespeicherte Dockerfile'],
    );
    const add = published.diagnostics.find((d) => d.code === 'add-instead-of-copy');
    assert.ok(add, JSON.stringify(published.diagnostics));
    assert.equal(
      add.message,
      'Verwenden Sie COPY statt ADD für lokale Dateien: ADD entpackt auch Archive und lädt URLs, COPY kopiert nur.',
    );
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: add.range,
      context: { diagnostics: [add] },
    })) as CodeAction[];
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('add-instead-of-copy für diese Anweisung ignorieren'), titles.join(' | '));
    assert.ok(
      titles.some((title) => title.startsWith('ADD durch COPY ersetzen')),
      titles.join(' | '),
    );
    assert.ok(titles.includes('Show documentation for add-instead-of-copy'), 'untranslated strings stay English');
  });
});
