// Savings shown before the click: once the linked image is analyzed, the lens above the line that wrote the
// bytes says how much a later line hid, and the finding's message and fix title carry the measured saving.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeLensRequest, CodeActionRequest, CodeLens, CodeAction } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../protocol/lspClient';
import { requireBaseImage } from '../helpers/docker';
import { buildImage, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { imageLinksNotification, engineSettingsNotification, analyzeImageRequest, AnalyzeImageResult } from '../../common/protocol';
import { formatBytes } from '../../common/format';

describe('measured savings in lenses, diagnostics and fix titles', function () {
  this.timeout(120_000);
  let client: LspTestClient;
  let context: string;
  let tag: string;
  let uri: string;

  before(async () => {
    const base = await requireBaseImage('busybox');
    context = makeContext({
      Dockerfile: `FROM ${base}\nRUN mkdir -p /tmp && tar -cf /tmp/bin.tar /bin/busybox\nCOPY app.txt /app.txt\nRUN rm /tmp/bin.tar\nCMD ["cat", "/app.txt"]\n`,
      'app.txt': 'hello\n',
    });
    tag = uniqueTag('savings');
    await buildImage('classic', context, tag);
    uri = `file://${path.join(context, 'Dockerfile')}`;
    client = new LspTestClient();
    await client.initialize({ editorFeatures: false, trusted: true });
    await client.connection.sendNotification(engineSettingsNotification.method, { host: '', trusted: true });
    await client.connection.sendNotification(imageLinksNotification.method, {
      links: { [path.join(context, 'Dockerfile')]: tag },
      settings: {},
      workspaceFolders: [],
    });
  });

  after(async () => {
    client?.kill();
    await removeTestImages();
  });

  it('ties the hidden bytes to both lines once analyzed, and puts the saving in the message and the fix title', async () => {
    const opened = await client.open(uri, fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8'));
    const cleanup = opened.diagnostics.find((d) => d.code === 'cleanup-in-later-layer');
    assert.ok(cleanup, JSON.stringify(opened.diagnostics.map((d) => d.code)));
    assert.doesNotMatch(cleanup.message, /saves/, 'no number before the image is analyzed');
    // Lenses first (they resolve the layer report), then the analysis.
    let lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    for (let i = 0; i < 50 && !lenses.some((l) => /of image/.test(l.command?.title ?? '')); i++) {
      await new Promise((r) => setTimeout(r, 100));
      lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    }
    const result = (await client.connection.sendRequest(analyzeImageRequest.method, {
      image: tag,
      dockerfileUri: uri,
    })) as AnalyzeImageResult;
    assert.ok(result.ok, JSON.stringify(result));
    const pair = result.report.wastePairs.find((p) => p.addedLine === 2 && p.hiddenLine === 4);
    assert.ok(pair && pair.bytes > 1_000_000, JSON.stringify(result.report.wastePairs));
    const saved = formatBytes(pair.bytes);

    const republished = client.nextDiagnostics(uri);
    lenses = (await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })) as CodeLens[];
    const hidden = lenses.filter((l) => l.range.start.line === 1).map((l) => l.command?.title);
    assert.ok(hidden.includes(`⚠ ${saved} hidden by line 4`), hidden.join(' | '));

    // ShellCheck's results may be published first (merged into the last diagnostics): wait for the measured ones.
    let diagnostics = (await republished).diagnostics;
    for (let i = 0; i < 5 && !diagnostics.some((d) => d.code === 'cleanup-in-later-layer' && /saves/.test(d.message)); i++)
      diagnostics = (await client.nextDiagnostics(uri)).diagnostics;
    const measured = diagnostics.find((d) => d.code === 'cleanup-in-later-layer')!;
    assert.match(measured.message, new RegExp(`Fixing it saves ${saved.replace('.', '\\.')} in the current image\\.$`));
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: measured.range,
      context: { diagnostics: [measured] },
    })) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith('Clean up in the RUN on line 2'));
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    assert.ok(fix.title.includes(`(saves ${saved})`), fix.title);

    // Edit the writing line: it no longer matches the image, so the number goes away rather than going stale.
    const edited = await client.change(uri, 2, [
      { range: { start: { line: 1, character: 4 }, end: { line: 1, character: 4 } }, text: 'true && ' },
    ]);
    await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    const after = edited.diagnostics.find((d) => d.code === 'cleanup-in-later-layer');
    assert.ok(after && !/saves/.test(after.message), after?.message);
  });
});
