// Texts Layerwise shows (rule documentation, layer details) as read-only documents of its own URI scheme:
// an untitled editor would be left behind as "unsaved" and ask to be saved when closed.
import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'layerwise';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** The URI of `text` under `path` (e.g. `/rules/add-instead-of-copy.md`); the extension picks the language. */
  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path });
    const previous = this.texts.get(uri.path);
    this.texts.set(uri.path, text);
    if (previous !== undefined && previous !== text) this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    // After a window reload the editor may ask for a text this session never made.
    return this.texts.get(uri.path) ?? vscode.l10n.t('This Layerwise view is gone: run its command again.');
  }

  dispose(): void {
    this.changed.dispose();
  }
}
