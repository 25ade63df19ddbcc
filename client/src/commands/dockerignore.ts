// "Ignore node_modules" on the build-context lens: appends the folder to the context's .dockerignore
// (creating it if needed) through a WorkspaceEdit, so it can be undone like any edit.
import * as vscode from 'vscode';
import type { CommandFactory } from './index';

export const addToDockerignore: CommandFactory = () => async (_dockerfile?: string, folder?: unknown, contextRoot?: unknown) => {
  if (typeof folder !== 'string' || typeof contextRoot !== 'string' || !folder || folder.includes('\n')) return;
  const file = vscode.Uri.file(`${contextRoot.replace(/\/$/, '')}/.dockerignore`);
  const entry = folder.replace(/\/$/, '');
  let existing = '';
  try {
    existing = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  } catch {
    // No .dockerignore yet: the edit creates it.
  }
  const lines = existing.split(/\r?\n/).map((l) => l.trim());
  if (lines.includes(entry) || lines.includes(`${entry}/`) || lines.includes(`/${entry}`)) return;
  const edit = new vscode.WorkspaceEdit();
  if (!existing) {
    edit.createFile(file, { ignoreIfExists: true });
    edit.insert(file, new vscode.Position(0, 0), `${entry}\n`);
  } else {
    const lastLine = existing.split(/\r?\n/).length - 1;
    const needsNewline = !existing.endsWith('\n');
    edit.insert(file, new vscode.Position(lastLine, existing.split(/\r?\n/)[lastLine].length), `${needsNewline ? '\n' : ''}${entry}\n`);
  }
  await vscode.workspace.applyEdit(edit);
  const document = await vscode.workspace.openTextDocument(file);
  await document.save();
};
