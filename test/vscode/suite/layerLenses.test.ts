// Issue 4 in the real VS Code: the lens above a RUN shows the size the engine reports for that layer.
// The image is built here with the engine the tests use and linked through the `layerwise.images` setting.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import { fixture, openFixture, revertAndCloseAll, waitFor } from './util';
import { formatBytes } from '../../../common/format';
import { curlEngineArgs, dockerCli } from '../../helpers/dockerCli';

const TAG = `layerwise-test-vscode-lens:${process.pid}`;

function engineHistory(tag: string): { CreatedBy: string; Size: number }[] {
  const json = execFileSync('curl', curlEngineArgs(`/images/${encodeURIComponent(tag)}/history`), { encoding: 'utf8' });
  return JSON.parse(json);
}

describe('layer lenses in VS Code', function () {
  this.timeout(180_000);

  before(() => {
    const context = fixture('lens').fsPath;
    execFileSync(dockerCli(), ['build', '-q', '-t', TAG, context], { env: { ...process.env, DOCKER_BUILDKIT: '0' }, stdio: 'pipe' });
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

  it('shows above the RUN the size the engine reports for its layer', async () => {
    await vscode.workspace.getConfiguration('layerwise').update('images', { 'lens/Dockerfile': TAG }, vscode.ConfigurationTarget.Workspace);
    const editor = await openFixture('lens/Dockerfile');
    const runLayer = engineHistory(TAG).find((h) => h.CreatedBy.includes('dd if=/dev/zero'));
    assert.ok(runLayer, 'the engine has no history entry for the RUN');
    const expected = formatBytes(runLayer.Size);
    const titles = await waitFor(
      'the layer lens above the RUN',
      async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
        const onRun = lenses.filter((l) => l.range.start.line === 1).map((l) => l.command?.title ?? '');
        return onRun.some((t) => t.includes('of image')) ? onRun : undefined;
      },
      60_000,
    );
    assert.ok(
      titles.some((t) => t.startsWith(`${expected} · `)),
      `expected ${expected}, lenses: ${titles.join(' | ')}`,
    );
  });
  it('keeps line 1 to image · size · built, with the layer count in its tooltip, and no build-context total', async () => {
    await vscode.workspace.getConfiguration('layerwise').update('images', { 'lens/Dockerfile': TAG }, vscode.ConfigurationTarget.Workspace);
    const editor = await openFixture('lens/Dockerfile');
    const lineOne = await waitFor(
      'the image summary on line 1',
      async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
        const onFirst = lenses.filter((l) => l.range.start.line === 0);
        return onFirst.some((l) => l.command?.title.startsWith('image ')) ? onFirst : undefined;
      },
      60_000,
    );
    const titles = lineOne.map((l) => l.command?.title ?? '');
    const summary = lineOne.find((l) => l.command?.title.startsWith('image '))!.command!;
    assert.match(summary.title, new RegExp(`^image ${TAG.replace(/[.]/g, '\\.')} · [\\d.]+ (B|kB|MB|GB) · built `));
    const inspect = JSON.parse(execFileSync('curl', curlEngineArgs(`/images/${encodeURIComponent(TAG)}/json`), { encoding: 'utf8' }));
    assert.ok(
      summary.tooltip?.startsWith(`${TAG}: ${inspect.RootFS.Layers.length} layers.`),
      `the tooltip (${summary.tooltip}) does not reach VS Code or does not count the image's layers`,
    );
    assert.ok(!titles.some((t) => /build context/.test(t)), titles.join(' | '));
    // The FROM on line 1 shows the base's reference: its lens does not repeat it.
    const base = titles.find((t) => t.startsWith('base '));
    assert.ok(base && !base.includes('busybox'), titles.join(' | '));
  });

  it('says on a COPY whose sources match nothing in the build context that nothing matches', async () => {
    const editor = await openFixture('copy-missing/Dockerfile');
    const titles = await waitFor(
      'the context lenses',
      async () => {
        const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
        const onCopies = lenses.filter((l) => l.range.start.line === 1 || l.range.start.line === 2).map((l) => l.command?.title ?? '');
        return onCopies.some((t) => t.startsWith('context: ')) ? onCopies : undefined;
      },
      60_000,
    );
    assert.ok(titles.includes('context: 6 B · 1 file'), titles.join(' | '));
    assert.ok(titles.includes('context: nothing matches config/*.yaml'), titles.join(' | '));
  });
});
