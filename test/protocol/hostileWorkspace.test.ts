// A workspace whose .hadolint.yaml is a FIFO, whose .dockerignore links to /dev/zero and whose
// Dockerfile.dockerignore is a FIFO (a clone can bring each): the server still publishes diagnostics, answers
// code lenses (the build-context cost among them) and a second document's edits. Before, reading these froze it.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';
import { makeHostileFile } from '../helpers/hostileFiles';

describe('language server in a hostile workspace', function () {
  this.timeout(60_000);
  let client: LspTestClient;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'layerwise-hostile-lsp-'));
    makeHostileFile(join(dir, '.hadolint.yaml'), 'fifo');
    makeHostileFile(join(dir, '.dockerignore'), 'dev-zero-link');
    makeHostileFile(join(dir, 'Dockerfile.dockerignore'), 'fifo');
    writeFileSync(join(dir, 'app.py'), 'print(1)\n');
    client = new LspTestClient();
  });
  afterEach(() => {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('publishes diagnostics and answers lenses and later edits', async () => {
    await client.initialize({ editorFeatures: true, trusted: false });
    const uri = pathToFileURL(join(dir, 'Dockerfile')).toString();
    const text = 'FROM layerwise-test/busybox:1\nADD app.py /app/\n';
    const published = await client.open(uri, text);
    assert.ok(
      published.diagnostics.some((d) => d.code === 'add-instead-of-copy'),
      JSON.stringify(published.diagnostics),
    );
    const lenses = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
    // The ADD's context cost: app.py (9 bytes) was walked.
    assert.ok(
      (lenses ?? []).some((l) => l.range.start.line === 1 && l.command?.title === 'context: 9 B · 1 file'),
      titles.join(' | '),
    );
    // Dockerfile.dockerignore applies (BuildKit's rule) and is a FIFO: the lens says so instead of hiding it.
    assert.ok(
      titles.some((t) => /^\.dockerignore not applied: .*Dockerfile\.dockerignore: is a FIFO/.test(t)),
      titles.join(' | '),
    );
    const other = pathToFileURL(join(dir, 'Other.Dockerfile')).toString();
    const second = await client.open(other, 'FROM layerwise-test/busybox:latest\n');
    assert.ok(second.diagnostics.length > 0, 'the next document is linted too');
  });
});
