// Each command is a small factory: given the Ctx, it returns the function VS Code calls.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { ruleDocumentationRequest } from '../../../common/protocol';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- VS Code passes untyped arguments; each command declares its own
export type CommandFactory = (ctx: Ctx) => (...args: any[]) => unknown;

export const restartServer: CommandFactory = (ctx) => () => ctx.restart();

export const showOutput: CommandFactory = (ctx) => () => ctx.output.show(true);

export const showRuleDocumentation: CommandFactory = (ctx) => async (rule: unknown) => {
  if (typeof rule !== 'string' || !ctx.client) return;
  const doc = await ctx.client.sendRequest(ruleDocumentationRequest, { rule });
  if (!doc) {
    ctx.output.warn(`No documentation for rule ${rule}.`);
    return;
  }
  const uri = ctx.readOnlyDocuments.put(`/rules/${rule.replace(/[^\w.-]/g, '_')}.md`, doc.markdown);
  await vscode.commands.executeCommand('markdown.showPreview', uri);
  return uri;
};

/** Lens links to another line of the same Dockerfile ("hidden by line 4"). */
export const revealLine: CommandFactory = () => async (uri: unknown, line: unknown) => {
  if (typeof uri !== 'string' || typeof line !== 'number') return;
  const editor = await vscode.window.showTextDocument(vscode.Uri.parse(uri), { preserveFocus: false });
  const position = new vscode.Position(Math.max(0, Math.min(line, editor.document.lineCount - 1)), 0);
  editor.selection = new vscode.Selection(position, position);
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
};
