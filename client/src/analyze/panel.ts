// The report webview: one panel per image, fed by postMessage, answering the page's requests (reveal a line,
// export, apply a fix). `rendered` resolves with what the page actually shows, which the in-editor tests read.
import * as vscode from 'vscode';
import type { ImageReport } from '../../../common/protocol';
import { reportHtml } from './html';
import { parseWebviewMessage, FromWebview, ToWebview } from './messages';
import { exportReport } from './export';
import { applyReportFix, proveReportFix } from './applyFix';

export interface RenderedReport {
  text: string;
  elements: Record<string, number>;
}

export class ReportPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, ReportPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  private resolveRendered!: (value: RenderedReport) => void;
  /** What the page shows after the latest report was rendered. */
  rendered: Promise<RenderedReport>;

  /** Shows `report` in the image's panel, creating it or replacing its report. */
  static show(extension: vscode.ExtensionContext, report: ImageReport, dockerfile: vscode.Uri | undefined): ReportPanel {
    const existing = ReportPanel.panels.get(report.image);
    if (existing) {
      existing.update(report, dockerfile);
      existing.panel.reveal(vscode.ViewColumn.Beside);
      return existing;
    }
    const panel = new ReportPanel(extension, report, dockerfile);
    ReportPanel.panels.set(report.image, panel);
    return panel;
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(
    extension: vscode.ExtensionContext,
    private report: ImageReport,
    private dockerfile: vscode.Uri | undefined,
  ) {
    const media = vscode.Uri.joinPath(extension.extensionUri, 'media', 'analyze');
    this.panel = vscode.window.createWebviewPanel('layerwise.imageReport', `Image: ${report.image}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    const webview = this.panel.webview;
    webview.html = reportHtml({
      cspSource: webview.cspSource,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'report.css')).toString(),
    });
    this.rendered = this.newRendered();
    this.disposables.push(
      webview.onDidReceiveMessage((raw) => {
        const message = parseWebviewMessage(raw);
        if (message) void this.onMessage(message);
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private newRendered(): Promise<RenderedReport> {
    return new Promise((resolve) => {
      this.resolveRendered = resolve;
    });
  }

  private update(report: ImageReport, dockerfile: vscode.Uri | undefined): void {
    this.report = report;
    this.dockerfile = dockerfile;
    this.rendered = this.newRendered();
    this.post();
  }

  private post(): void {
    const message: ToWebview = { type: 'report', report: this.report, hasDockerfile: !!this.dockerfile };
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(message: FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post();
        break; // also after the page was reloaded (hidden and shown again)
      case 'rendered':
        this.resolveRendered({ text: message.text, elements: message.elements });
        break;
      case 'reveal':
        await this.reveal(message.line);
        break;
      case 'export':
        await exportReport(this.report, message.format);
        break;
      case 'applyFix':
        if (this.dockerfile) await applyReportFix(this.dockerfile, message.rule, message.lines);
        break;
      case 'proveFix':
        if (this.dockerfile) await proveReportFix(this.dockerfile, message.rule, message.lines);
        break;
    }
  }

  private async reveal(line: number): Promise<void> {
    if (!this.dockerfile) return;
    const document = await vscode.workspace.openTextDocument(this.dockerfile);
    const index = Math.min(line - 1, document.lineCount - 1);
    const range = document.lineAt(index).range;
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: range });
  }

  dispose(): void {
    if (ReportPanel.panels.get(this.report.image) === this) ReportPanel.panels.delete(this.report.image);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
