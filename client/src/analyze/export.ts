// "Export as Markdown / JSON": a save dialog, then the same text the CLI prints with --format markdown|json.
import * as vscode from 'vscode';
import type { ImageReport } from '../../../common/protocol';
import { formatMarkdown } from '../../../common/image/textReport';
import { reportJson } from '../../../common/image/reportJson';
import { exportFileName } from './exportName';

export async function exportReport(report: ImageReport, format: 'markdown' | 'json'): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = exportFileName(report.image, format);
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
    filters: format === 'markdown' ? { Markdown: ['md'] } : { JSON: ['json'] },
    title: vscode.l10n.t('Export the analysis of {0}', report.image),
  });
  if (!target) return undefined;
  const text = format === 'markdown' ? formatMarkdown(report) : JSON.stringify(reportJson(report), null, 2) + '\n';
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  void vscode.window.showInformationMessage(vscode.l10n.t('Saved the analysis to {0}.', vscode.workspace.asRelativePath(target)));
  return target;
}
