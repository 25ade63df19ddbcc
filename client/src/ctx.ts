// Owns the client's state and lifecycle: the language client, its restarts, the output channel and the
// status bar item. Commands get a Ctx and never reach for globals.
import * as vscode from 'vscode';
import {
  LanguageClient, LanguageClientOptions, ServerOptions, TransportKind, State, ErrorAction, CloseAction,
} from 'vscode-languageclient/node';
import { readConfig, resolveEditorFeatures } from './config';
import type { InitializationOptions } from '../../server/src/protocol';

export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile', scheme: 'file' },
  { language: 'dockerfile', scheme: 'untitled' },
  { language: 'dockerfile', scheme: 'vscode-vfs' },
];

/** Restart delays after crashes: quick at first, then backing off, reset after a calm minute. */
const RESTART_DELAYS_MS = [0, 1000, 5000, 15000, 60000];

export class Ctx implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('Layerwise', { log: true });
  readonly statusBar = vscode.window.createStatusBarItem('layerwise.status', vscode.StatusBarAlignment.Right, 100);
  client: LanguageClient | undefined;
  private crashes: number[] = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.statusBar.name = 'Layerwise';
    this.statusBar.command = 'layerwise.showOutput';
    this.setStatus('starting');
    this.statusBar.show();
  }

  setStatus(state: 'starting' | 'ready' | 'stopped' | 'restarting', detail?: string): void {
    const icon = { starting: '$(loading~spin)', ready: '$(layers)', stopped: '$(error)', restarting: '$(loading~spin)' }[state];
    this.statusBar.text = `${icon} Layerwise`;
    this.statusBar.tooltip = `Layerwise language server: ${state}${detail ? ` — ${detail}` : ''}`;
    this.statusBar.backgroundColor = state === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
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
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      initializationOptions,
      synchronize: { configurationSection: 'layerwise' },
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
    await this.client.start();
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
    this.output.dispose();
  }
}
