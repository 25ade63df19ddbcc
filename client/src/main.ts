// Entry point: wires the context, the commands and the listeners. Logic lives elsewhere.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import * as commands from './commands/index';
import { ClientCommands } from '../../server/src/protocol';

let ctx: Ctx | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  ctx = new Ctx(extension);
  const c = ctx;
  extension.subscriptions.push(
    c,
    vscode.commands.registerCommand('layerwise.restartServer', commands.restartServer(c)),
    vscode.commands.registerCommand('layerwise.showOutput', commands.showOutput(c)),
    vscode.commands.registerCommand(ClientCommands.showRuleDocumentation, commands.showRuleDocumentation(c)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Editor features change which capabilities the server announces: that needs a restart.
      if (e.affectsConfiguration('layerwise.editorFeatures')) void c.restart();
    }),
    vscode.extensions.onDidChange(() => {
      if (vscode.workspace.getConfiguration('layerwise').get('editorFeatures') === 'auto') void c.restart();
    }),
  );
  await c.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.client?.stop();
  ctx = undefined;
}
