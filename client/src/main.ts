// Entry point: wires the context, the commands and the listeners. Logic lives elsewhere.
import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { resolveEditorFeatures, readConfig, SETTINGS } from './config';
import * as general from './commands/index';
import * as images from './commands/images';
import * as engine from './commands/engine';
import { addToDockerignore } from './commands/dockerignore';
import { analyzeImage } from './analyze/command';
import { proveFix } from './commands/proveFix';
import { ClientCommands } from '../../common/protocol';
import type { CommandFactory } from './commands/index';
import { READ_ONLY_SCHEME } from './readOnlyDocuments';

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
  [ClientCommands.proveFix]: proveFix,
};

/** What the extension exports: start-up timings, read by the in-editor tests and the VS Code benchmark. */
export interface LayerwiseApi {
  timings: { activateMs?: number; clientReadyMs?: number };
  /** What the status bar item shows now (text and tooltip), read by the in-editor tests. */
  status(): { text: string; tooltip: string };
}

export async function activate(extension: vscode.ExtensionContext): Promise<LayerwiseApi> {
  const started = performance.now();
  const c = (ctx = new Ctx(extension));
  const api: LayerwiseApi = {
    timings: {},
    status: () => {
      const tooltip = c.statusBar.tooltip;
      return { text: c.statusBar.text, tooltip: typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '') };
    },
  };
  let editorFeatures = resolveEditorFeatures(readConfig().editorFeatures);
  extension.subscriptions.push(
    c,
    ...Object.entries(COMMANDS).map(([id, factory]) => vscode.commands.registerCommand(id, factory(c))),
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, c.readOnlyDocuments),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS.images)) c.sendImageLinks();
      if (e.affectsConfiguration(SETTINGS.dockerHost)) c.sendEngineSettings();
    }),
    // Editor features change which capabilities the server announces: only a restart changes them.
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTINGS.editorFeatures)) restartIfEditorFeaturesChanged();
    }),
    vscode.extensions.onDidChange(restartIfEditorFeaturesChanged),
    vscode.workspace.onDidGrantWorkspaceTrust(() => c.sendEngineSettings()),
    vscode.workspace.onDidChangeWorkspaceFolders(() => c.sendEngineSettings()), // a workspace may stop being virtual
  );
  function restartIfEditorFeaturesChanged(): void {
    const now = resolveEditorFeatures(readConfig().editorFeatures);
    if (now !== editorFeatures) {
      editorFeatures = now;
      void c.restart();
    }
  }
  // The language client starts in the background: activation returns at once, diagnostics follow when the
  // server is up. A failed start is logged and shown in the status bar, never as a pop-up.
  void c.start().then(
    () => {
      api.timings.clientReadyMs = performance.now() - started;
    },
    (error: unknown) => {
      c.output.error(`Language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
      c.setStatus('stopped');
    },
  );
  api.timings.activateMs = performance.now() - started;
  return api;
}

export async function deactivate(): Promise<void> {
  await ctx?.client?.stop();
  ctx = undefined;
}
