// The build-context lens follows the files in the real VS Code: the server registers a watcher for the folder of
// an open Dockerfile (server/src/lsp/watchedFiles.ts; the client creates it from the registration), so a file
// added there reaches the server, which forgets the folder's cached walk. Without the watcher the lens would keep
// the count of its first walk.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fixture, revertAndCloseAll, waitFor } from './util';

/** The file count of the `context: … · N files` lens above the COPY on line 2. */
async function copyLensFiles(uri: vscode.Uri): Promise<number | undefined> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  const title = lenses.find((l) => l.range.start.line === 1 && /^context: /.test(l.command?.title ?? ''))?.command?.title;
  const count = title?.match(/· (\d+) files?$/)?.[1];
  return count === undefined ? undefined : Number(count);
}

describe('watched files in VS Code', function () {
  this.timeout(120_000);
  const folder = fixture(`watched-${process.pid}`);
  const dockerfile = vscode.Uri.joinPath(folder, 'Dockerfile');
  const encode = (text: string) => new TextEncoder().encode(text);

  before(async () => {
    await vscode.workspace.fs.writeFile(dockerfile, encode('FROM scratch\nCOPY . /app/\n'));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'a.txt'), encode('a'));
  });
  after(async () => {
    await revertAndCloseAll();
    await vscode.workspace.fs.delete(folder, { recursive: true, useTrash: false });
  });

  it("a file added to an open Dockerfile's folder updates its build-context lens", async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
    const before = await waitFor('the COPY line context lens', () => copyLensFiles(dockerfile));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder, 'b.txt'), encode('b'));
    const after = await waitFor('the lens to count the new file', async () => {
      const now = await copyLensFiles(dockerfile);
      return now !== undefined && now > before ? now : undefined;
    });
    assert.equal(after, before + 1);
  });
});
