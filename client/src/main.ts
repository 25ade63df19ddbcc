// Entry point: wires the context, the commands and the listeners. Logic lives elsewhere.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { resolveEditorFeatures, readConfig } from './config';
import * as general from './commands/index';
import * as images from './commands/images';
import * as engine from './commands/engine';
import { addToDockerignore } from './commands/dockerignore';
import { analyzeImage } from './analyze/command';
import { ClientCommands } from '../../server/src/protocol';
import type { CommandFactory } from './commands/index';

let ctx: Ctx | undefined;

const COMMANDS: Record<string, CommandFactory> = {
  'layerwise.restartServer': general.restartServer,
  'layerwise.showOutput': general.showOutput,
  [ClientCommands.showRuleDocumentation]: general.showRuleDocumentation,
  [ClientCommands.buildImage]: images.buildImage,
  [ClientCommands.linkImage]: images.linkImage,
  [ClientCommands.showLayerDetails]: images.showLayerDetails,
  [ClientCommands.retryEngine]: engine.retryEngine,
  [ClientCommands.configureEngine]: engine.configureEngine,
  [ClientCommands.manageTrust]: engine.manageTrust,
  [ClientCommands.addToDockerignore]: addToDockerignore,
  [ClientCommands.revealLine]: general.revealLine,
  [ClientCommands.analyzeImage]: analyzeImage,
};

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  const c = (ctx = new Ctx(extension));
  let editorFeatures = resolveEditorFeatures(readConfig().editorFeatures);
  extension.subscriptions.push(
    c,
    ...Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(c))),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('layerwise.images')) c.sendImageLinks();
      if (e.affectsConfiguration('layerwise.docker.host')) c.sendEngineSettings();
    }),
    // Editor features change which capabilities the server announces: only a restart changes them.
    vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('layerwise.editorFeatures')) restartIfEditorFeaturesChanged(); }),
    vscode.extensions.onDidChange(restartIfEditorFeaturesChanged),
    vscode.workspace.onDidGrantWorkspaceTrust(() => c.sendEngineSettings()),
  );
  function restartIfEditorFeaturesChanged(): void {
    const now = resolveEditorFeatures(readConfig().editorFeatures);
    if (now !== editorFeatures) { editorFeatures = now; void c.restart(); }
  }
  await c.start();
}

export async function deactivate(): Promise<void> {
  await ctx?.client?.stop();
  ctx = undefined;
}
