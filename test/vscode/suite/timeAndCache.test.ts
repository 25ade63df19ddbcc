// Issue 16 in the real VS Code: after `layerwise build` (the code of the editor's Build image) the layer lenses show
// each step's time or `cached`; editing a source file on disk turns into `will rebuild: src/a.txt changed` above
// the COPY and `will rebuild: follows line 3` above the RUN after it, through the file watcher.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fixture, openFixture, revertAndCloseAll, waitFor } from './util';
import { dockerCli } from '../../helpers/dockerCli';

const TAG = `layerwise-test-time-cache-vscode:${process.pid}`;
const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

async function titlesOn(uri: vscode.Uri, line: number): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.range.start.line === line - 1).map((l) => l.command?.title ?? '');
}

describe('time and cache lenses in VS Code', function () {
  this.timeout(180_000);

  before(async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
    const context = fixture('time-cache').fsPath;
    // The docker client that builds comes first on PATH: `layerwise build` runs the first one there.
    const PATH = [path.dirname(dockerCli()), process.env.PATH ?? ''].join(path.delimiter);
    // Not synchronously: the extension host (and the language server it talks to) keeps running meanwhile.
    await promisify(execFile)(process.execPath, [CLI, 'build', '-t', TAG, '--builder', 'classic', context], {
      env: { ...process.env, PATH },
    });
  });

  after(async () => {
    await revertAndCloseAll();
    await vscode.workspace.getConfiguration('layerwise').update('images', undefined, vscode.ConfigurationTarget.Workspace);
    try {
      execFileSync(dockerCli(), ['rmi', '-f', TAG], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
  });

  it('shows the recorded time or cached, then "will rebuild" after a source file changes', async () => {
    await vscode.workspace
      .getConfiguration('layerwise')
      .update('images', { 'time-cache/Dockerfile': TAG }, vscode.ConfigurationTarget.Workspace);
    const editor = await openFixture('time-cache/Dockerfile');
    const uri = editor.document.uri;
    const timed = await waitFor(
      'the layer lens above the last RUN with its time',
      async () => {
        const titles = await titlesOn(uri, 4);
        return titles.some((t) => /of image · (\d+\.\d s|cached)$/.test(t)) ? titles : undefined;
      },
      60_000,
    );
    assert.ok(timed.length > 0);
    assert.deepEqual(
      (await titlesOn(uri, 3)).filter((t) => t.startsWith('will rebuild')),
      [],
      'nothing changed since the build',
    );

    fs.writeFileSync(path.join(fixture('time-cache').fsPath, 'src', 'a.txt'), `edited ${Date.now()}\n`);
    const copy = await waitFor(
      '"will rebuild" above the COPY',
      async () => {
        const titles = await titlesOn(uri, 3);
        return titles.includes('will rebuild: src/a.txt changed') ? titles : undefined;
      },
      60_000,
    );
    assert.ok(copy.includes('will rebuild: src/a.txt changed'));
    assert.ok((await titlesOn(uri, 4)).includes('will rebuild: follows line 3'));
    assert.deepEqual(
      (await titlesOn(uri, 2)).filter((t) => t.startsWith('will rebuild')),
      [],
      'the RUN before the COPY is reused',
    );
  });
});
