// Dockerfiles that are not on disk: one on a virtual file system (the `vscode-vfs` scheme GitHub Repositories and
// Azure Repos open repositories with, served here by an in-memory provider) and an untitled one. Both are linted;
// the engine features (build, link, layer sizes) are refused with the reason, in the command and on line 1.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { layerwiseDiagnostics, revertAndCloseAll, ruleCode, waitFor, waitForDiagnostic } from './util';

const TEXT = 'FROM layerwise-test/busybox:1\nWORKDIR /app\nADD app.py /app/\nCMD ["sh"]\n';

/** Just enough of a file system to open and read files kept in memory. */
class MemoryFileSystem implements vscode.FileSystemProvider {
  private readonly files = new Map<string, Uint8Array>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }
  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (file) return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: file.byteLength };
    if ([...this.files.keys()].some((p) => p.startsWith(uri.path.replace(/\/?$/, '/'))))
      return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    throw vscode.FileSystemError.FileNotFound(uri);
  }
  readDirectory(uri: vscode.Uri): [string, vscode.FileType][] {
    const prefix = uri.path.replace(/\/?$/, '/');
    return [...this.files.keys()]
      .filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/'))
      .map((p) => [p.slice(prefix.length), vscode.FileType.File]);
  }
  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file;
  }
  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    this.files.set(uri.path, content);
  }
  createDirectory(): void {
    /* directories exist implicitly */
  }
  delete(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }
  rename(from: vscode.Uri, to: vscode.Uri): void {
    const file = this.readFile(from);
    this.files.delete(from.path);
    this.files.set(to.path, file);
  }
}

async function lensTitles(uri: vscode.Uri, pattern: RegExp): Promise<string[]> {
  return waitFor(`a lens matching ${pattern}`, async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = (lenses ?? []).map((l) => l.command?.title ?? '');
    return titles.some((t) => pattern.test(t)) ? titles : undefined;
  });
}

describe('Dockerfiles not on disk (virtual file systems, untitled)', () => {
  let registration: vscode.Disposable | undefined;
  const vfsDockerfile = vscode.Uri.parse('vscode-vfs://github/layerwise/demo/Dockerfile');

  before(() => {
    const fs = new MemoryFileSystem();
    fs.writeFile(vfsDockerfile, new TextEncoder().encode(TEXT));
    fs.writeFile(vfsDockerfile.with({ path: '/layerwise/demo/app.py' }), new TextEncoder().encode('print(1)\n'));
    registration = vscode.workspace.registerFileSystemProvider('vscode-vfs', fs, { isCaseSensitive: true });
  });

  afterEach(revertAndCloseAll);
  after(() => registration?.dispose());

  it('lints a Dockerfile on a virtual file system', async () => {
    const document = await vscode.workspace.openTextDocument(vfsDockerfile);
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'dockerfile');
    const diagnostic = await waitForDiagnostic(vfsDockerfile, 'add-instead-of-copy');
    assert.equal(diagnostic.range.start.line, 2);
  });

  it('refuses to build or link it, saying why, and says on line 1 why there are no layer sizes', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vfsDockerfile));
    for (const command of ['layerwise.buildImage', 'layerwise.linkImage']) {
      const result = await vscode.commands.executeCommand<{ refused?: string } | undefined>(command, vfsDockerfile);
      assert.match(
        result?.refused ?? '',
        /needs a Dockerfile on disk.*virtual file system \(vscode-vfs\)/,
        `${command} was not refused: ${JSON.stringify(result)}`,
      );
    }
    const titles = await lensTitles(vfsDockerfile, /^Layer sizes: only for a Dockerfile saved on disk$/);
    assert.ok(!titles.some((t) => /^(Build image|Link image|Rebuild)/.test(t)), `engine actions offered: ${JSON.stringify(titles)}`);
  });

  it('lints an untitled Dockerfile and refuses to build it until it is saved', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content: TEXT });
    await vscode.window.showTextDocument(document);
    await waitForDiagnostic(document.uri, 'add-instead-of-copy');
    assert.ok(layerwiseDiagnostics(document.uri).every((d) => ruleCode(d) !== undefined));
    const result = await vscode.commands.executeCommand<{ refused?: string } | undefined>('layerwise.buildImage', document.uri);
    assert.match(result?.refused ?? '', /save this one first/);
    await lensTitles(document.uri, /^Layer sizes: only for a Dockerfile saved on disk$/);
  });
});
