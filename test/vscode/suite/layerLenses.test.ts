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
});
