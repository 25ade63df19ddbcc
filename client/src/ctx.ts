// Owns the client's state and lifecycle: the language client, its restarts, the output channel and the
// status bar item. Commands get a Ctx and never reach for globals.
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  TransportKind,
  State,
  ErrorAction,
  CloseAction,
  CodeLensRequest,
} from 'vscode-languageclient/node';
import { readConfig, resolveEditorFeatures } from './config';
import {
  InitializationOptions,
  engineStatusNotification,
  EngineStatusParams,
  imageLinksNotification,
  engineSettingsNotification,
} from '../../common/protocol';
import { ImageLinks } from './imageLinks';
import { isVirtualWorkspace } from './engineScope';
import { ReadOnlyDocuments } from './readOnlyDocuments';

export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
  { language: 'dockerfile', scheme: 'vscode-vfs' },
];

/** The server's states as the status bar's tooltip names them. */
const SERVER_STATES: Record<'starting' | 'ready' | 'stopped' | 'restarting', () => string> = {
  starting: () => vscode.l10n.t('starting'),
  ready: () => vscode.l10n.t('ready'),
  stopped: () => vscode.l10n.t('stopped'),
  restarting: () => vscode.l10n.t('restarting'),
};

/** Restart delays after crashes: quick at first, then backing off, reset after a calm minute. */
const RESTART_DELAYS_MS = [0, 1000, 5000, 15000, 60000];

export class Ctx implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Layerwise', { log: true });
  readonly statusBar = vscode.window.createStatusBarItem('layerwise.status', vscode.StatusBarAlignment.Right, 100);
  client: LanguageClient | undefined;
  readonly imageLinks: ImageLinks;
  /** Rule documentation and layer details, shown read-only (see readOnlyDocuments.ts). */
  readonly readOnlyDocuments = new ReadOnlyDocuments();
  engineStatus: EngineStatusParams | undefined;
  private crashes: number[] = [];
  private readonly failedLineDecoration = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    backgroundColor: new vscode.ThemeColor('inputValidation.errorBackground'),
    overviewRulerColor: new vscode.ThemeColor('editorError.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Full,
  });
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.imageLinks = new ImageLinks(extension.workspaceState);
    this.statusBar.name = 'Layerwise';
    this.statusBar.command = 'layerwise.showOutput';
    this.setStatus('starting');
    this.statusBar.show();
  }

  private serverState: { state: 'starting' | 'ready' | 'stopped' | 'restarting'; detail?: string } = { state: 'starting' };

  setStatus(state: 'starting' | 'ready' | 'stopped' | 'restarting', detail?: string): void {
    this.serverState = { state, detail };
    this.renderStatus();
  }

  /** One status bar item for the server's state and the engine's, so neither needs a pop-up. */
  private renderStatus(): void {
    const { state, detail } = this.serverState;
    const engine = this.engineStatus;
    const engineDown = state === 'ready' && engine && !engine.reachable && !engine.untrusted && !engine.virtualWorkspace;
    const icon = state === 'ready' ? (engineDown ? '$(warning)' : '$(layers)') : state === 'stopped' ? '$(error)' : '$(loading~spin)';
    this.statusBar.text = `${icon} Layerwise`;
    const server = SERVER_STATES[state]();
    const lines = [detail ? vscode.l10n.t('Language server: {0} — {1}', server, detail) : vscode.l10n.t('Language server: {0}', server)];
    if (engine?.virtualWorkspace) lines.push(vscode.l10n.t('Docker engine: not used (virtual workspace; linting only)'));
    else if (engine?.untrusted) lines.push(vscode.l10n.t('Docker engine: not contacted (workspace not trusted; linting only)'));
    else if (engine) {
      const reachability = engine.reachable
        ? vscode.l10n.t('Docker engine: connected — {0}', engine.endpoint)
        : vscode.l10n.t('Docker engine: not reachable — {0}', engine.endpoint);
      lines.push(engine.message ? `${reachability}\n${engine.message}` : reachability);
    }
    this.statusBar.tooltip = lines.join('\n');
    this.statusBar.backgroundColor =
      state === 'stopped'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : engineDown
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
  }

  sendImageLinks(): void {
    void this.client?.sendNotification(imageLinksNotification, this.imageLinks.params());
  }

  sendEngineSettings(): void {
    void this.client?.sendNotification(engineSettingsNotification, {
      host: readConfig().dockerHost,
      trusted: vscode.workspace.isTrusted,
      virtualWorkspace: isVirtualWorkspace(),
    });
  }

  /** Marks the line a build failed on until the document is edited, and says why in the output channel. */
  async showBuildFailure(uri: vscode.Uri, line: number | undefined, message: string): Promise<void> {
    this.output.error(message);
    if (line !== undefined) {
      const editor = await vscode.window.showTextDocument(uri, { preserveFocus: true });
      const range = editor.document.lineAt(Math.min(line, editor.document.lineCount - 1)).range;
      editor.setDecorations(this.failedLineDecoration, [range]);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      const clear = vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === uri.toString()) {
          editor.setDecorations(this.failedLineDecoration, []);
          clear.dispose();
        }
      });
    }
    const showLog = vscode.l10n.t('Show log');
    if (
      (await vscode.window.showErrorMessage(
        line !== undefined
          ? vscode.l10n.t('Build failed at line {0}: {1}', line + 1, message.split('\n')[0])
          : vscode.l10n.t('Build failed: {0}', message.split('\n')[0]),
        showLog,
      )) === showLog
    )
      this.output.show(true);
  }

  async start(): Promise<void> {
    const serverModule = this.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const config = readConfig();
    const initializationOptions: InitializationOptions = {
      editorFeatures: resolveEditorFeatures(config.editorFeatures),
      rules: config.rules,
      trusted: vscode.workspace.isTrusted,
      virtualWorkspace: isVirtualWorkspace(),
      hasLayerwiseGrammar: true,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      initializationOptions,
      // File watchers are the server's to ask for (server/src/lsp/watchedFiles.ts: configuration files and the
      // folders of open Dockerfiles); the language client creates them and disposes them when it stops.
      synchronize: { configurationSection: 'layerwise' },
      middleware: {
        // vscode-languageclient 9 drops a lens command's tooltip (LSP 3.18): ask here and keep it (the line-1
        // lenses are short and say the rest in their tooltips).
        provideCodeLenses: async (document, token, next) => {
          const client = this.client;
          if (!client) return next(document, token);
          try {
            const raw = await client.sendRequest(CodeLensRequest.type, client.code2ProtocolConverter.asCodeLensParams(document), token);
            if (!raw || token.isCancellationRequested) return null;
            const lenses = await client.protocol2CodeConverter.asCodeLenses(raw, token);
            lenses.forEach((lens, i) => {
              const tooltip = (raw[i]?.command as { tooltip?: unknown } | undefined)?.tooltip;
              if (lens.command && typeof tooltip === 'string') lens.command.tooltip = tooltip;
            });
            return lenses;
          } catch {
            return next(document, token);
          }
        },
      },
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue }),
        closed: () => this.onServerClosed(),
      },
    };
    this.client = new LanguageClient('layerwise', 'Layerwise', serverOptions, clientOptions);
    this.client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.setStatus('ready');
      else if (e.newState === State.Stopped) this.setStatus('stopped');
    });
    this.client.onNotification(engineStatusNotification, (status) => {
      this.engineStatus = status;
      this.renderStatus();
    });
    await this.client.start();
    this.sendEngineSettings();
    this.sendImageLinks();
  }

  /** Restarts with back-off instead of vscode-languageclient's fixed "5 crashes in 3 minutes" rule. */
  private onServerClosed(): { action: CloseAction; message?: string; handled?: boolean } {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < 60_000);
    this.crashes.push(now);
    const delay = RESTART_DELAYS_MS[Math.min(this.crashes.length - 1, RESTART_DELAYS_MS.length - 1)];
    this.output.warn(`Language server stopped; restarting in ${delay} ms (crash ${this.crashes.length} in the last minute).`);
    this.setStatus('restarting', `crashed ${this.crashes.length}× in the last minute`);
    setTimeout(() => void this.restart(), delay);
    // Handled: the client does not pop up its own message; the status bar and output channel say it.
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  async restart(): Promise<void> {
    const old = this.client;
    this.client = undefined;
    if (old) await old.dispose().catch(() => undefined);
    await this.start();
  }

  subscribe(...disposables: vscode.Disposable[]): void {
    this.disposables.push(...disposables);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    void this.client?.dispose();
    this.statusBar.dispose();
    this.failedLineDecoration.dispose();
    this.readOnlyDocuments.dispose();
    this.output.dispose();
  }
}
