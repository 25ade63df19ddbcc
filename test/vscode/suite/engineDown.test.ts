// The engine as a new user meets it in the real VS Code: with the engine down, Analyze image, Link image and Build
// image say what is wrong and what to do before asking anything; "Configure Docker engine" writes the address where
// it can be set (code-server is a remote window: the User tab has no machine-overridable settings); the status bar
// tooltip gives the reason reconnecting fails, not the "(aborted)" of the cut-off event stream.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, revertAndCloseAll, waitFor } from './util';
import { startFreezingProxy, type FreezingProxy } from '../../engine/freezingProxy';

interface Api {
  status(): { text: string; tooltip: string };
}

async function api(): Promise<Api> {
  const extension = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
  return extension.isActive ? extension.exports : extension.activate();
}

const config = () => vscode.workspace.getConfiguration('layerwise');

async function setHost(host: string | undefined, target = vscode.ConfigurationTarget.Workspace): Promise<void> {
  await config().update('docker.host', host, target);
}

async function lensTitles(uri: vscode.Uri, line: number): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
  return lenses.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
}

describe('when the Docker engine is down', function () {
  this.timeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-no-engine-'));
  const missingSocket = path.join(dir, 'docker.sock');
  let proxy: FreezingProxy | undefined;

  after(async () => {
    await revertAndCloseAll();
    await setHost(undefined, vscode.ConfigurationTarget.Workspace);
    await setHost(undefined, vscode.ConfigurationTarget.Global);
    await proxy?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('Analyze image, Link image… and Build image say what is wrong and what to do, before asking anything', async () => {
    await setHost(`unix://${missingSocket}`);
    const editor = await openFixture('clean/Dockerfile');
    const uri = editor.document.uri;
    await waitFor('the engine-down lens', async () => (await lensTitles(uri, 0)).includes('Docker engine not reachable —'), 60_000);
    const layerwise = await api();
    await waitFor('the status bar to say the engine is down', () => layerwise.status().tooltip.includes(missingSocket));
    // A command that asked for an image or a tag would wait for the user here, and the test would time out.
    for (const [command, args] of [
      ['layerwise.analyzeImage', []],
      ['layerwise.linkImage', [uri]],
      ['layerwise.buildImage', [uri]],
    ] as const) {
      const result = await vscode.commands.executeCommand<{ refused?: string } | undefined>(command, ...args);
      assert.ok(result?.refused, `${command} did not refuse: ${JSON.stringify(result)}`);
      assert.match(result.refused, /needs the Docker engine/, command);
      assert.ok(result.refused.includes(missingSocket), `${command} does not say where: ${result.refused}`);
      assert.match(result.refused, /Start the engine and choose Retry, or choose another engine with Configure/, command);
      assert.doesNotMatch(result.refused, /Request layerwise\/|failed with message/, command);
    }
  });

  it('"Configure Docker engine" writes the address where it can be set, and the lens follows it', async () => {
    const editor = await openFixture('clean/Dockerfile');
    const uri = editor.document.uri;
    const elsewhere = path.join(dir, 'other.sock');
    // Given both answers: writes the workspace setting.
    const written = await vscode.commands.executeCommand<{ host: string; scope: string }>(
      'layerwise.configureEngine',
      `unix://${elsewhere}`,
      'workspace',
    );
    assert.deepEqual(written, { host: `unix://${elsewhere}`, scope: 'workspace' });
    assert.equal(config().inspect<string>('docker.host')?.workspaceValue, `unix://${elsewhere}`);
    await waitFor('the status bar to name the configured engine', async () => (await api()).status().tooltip.includes(elsewhere), 60_000);
    assert.ok((await lensTitles(uri, 0)).includes('Docker engine not reachable —'));

    // Asked: the first scope offered is the machine's (User, or Remote in a remote window), pre-filled with the
    // address in effect; accepting both writes it there (in code-server the User tab could not have shown it).
    const running = vscode.commands.executeCommand<{ host: string; scope: string } | undefined>('layerwise.configureEngine');
    let settled = false;
    void running.then(() => (settled = true));
    await waitFor('the quick pick and the input box to be accepted', async () => {
      if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 300));
      return settled;
    });
    assert.deepEqual(await running, { host: `unix://${elsewhere}`, scope: 'user' });
    assert.equal(config().inspect<string>('docker.host')?.globalValue, `unix://${elsewhere}`);
  });

  it('the status bar tooltip gives the reason reconnecting fails, not "(aborted)"', async () => {
    await setHost(undefined, vscode.ConfigurationTarget.Global);
    proxy = await startFreezingProxy();
    await setHost(proxy.dockerHost);
    await openFixture('clean/Dockerfile');
    const layerwise = await api();
    await waitFor(
      'the engine behind the proxy to be connected',
      () => /Docker engine: connected/.test(layerwise.status().tooltip) && layerwise.status().tooltip.includes(proxy!.socketPath),
      60_000,
    );
    // The engine "goes away": its connections are cut and its socket removed, as when dockerd stops.
    const socketPath = proxy.socketPath;
    await proxy.close();
    proxy = undefined;
    const tooltip = await waitFor(
      'the tooltip to say why the engine cannot be reached',
      () => {
        const t = layerwise.status().tooltip;
        return t.includes(`connect ENOENT ${socketPath}`) ? t : undefined;
      },
      60_000,
    );
    assert.match(tooltip, /Docker engine: not reachable/);
    assert.doesNotMatch(tooltip, /\(aborted\)/);
  });
});
