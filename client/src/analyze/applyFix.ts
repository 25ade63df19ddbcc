// "Apply fix" in the report: the rules' own quick fix for that line, found through VS Code's code action
// machinery (so the edit is exactly what the lightbulb would do), or a message saying why there is none.
// VS Code returns neither diagnostics nor data with the actions: the rule is read from the action's kind.
import * as vscode from 'vscode';
import { fixActionKind, proveActionKind } from '../../../common/protocol';

async function ruleFixOnLine(dockerfile: vscode.Uri, document: vscode.TextDocument, rule: string, line: number) {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider',
    dockerfile,
    document.lineAt(line - 1).range,
    fixActionKind(rule),
  );
  const fixes = (actions ?? []).filter((a): a is vscode.CodeAction => 'edit' in a && !!a.edit && a.kind?.value === fixActionKind(rule));
  // The rule's first fix is the one the report's saving was measured for (the preferred one when safe).
  return fixes.find((a) => a.isPreferred) ?? fixes[0];
}

export async function applyReportFix(dockerfile: vscode.Uri, rule: string, lines: number[]): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(dockerfile);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
  for (const line of lines) {
    if (line < 1 || line > document.lineCount) continue;
    const fix = await ruleFixOnLine(dockerfile, document, rule, line);
    if (fix?.edit && (await vscode.workspace.applyEdit(fix.edit))) {
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      void vscode.window.showInformationMessage(vscode.l10n.t('Applied: {0}. Rebuild the image to see the saving.', fix.title));
      return true;
    }
  }
  // Our report and our rules disagree here: say so, and what to do, without blaming the Dockerfile.
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'The report suggests a {0} fix for line {1}, but Layerwise has no automatic edit for it in the Dockerfile as it is now (the change may need a judgement the rule cannot make, or the file changed since the image was built). The report names the change to make by hand.',
      rule,
      lines.join(' or '),
    ),
  );
  return false;
}

/**
 * "Prove" in the report: runs the "Prove this fix" action beside the rule's fix on those lines (a build of the
 * Dockerfile as it is and as fixed; the verdict offers Apply). Offered by the server only where a proof may run.
 */
export async function proveReportFix(dockerfile: vscode.Uri, rule: string, lines: number[]): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(dockerfile);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
  for (const line of lines) {
    if (line < 1 || line > document.lineCount) continue;
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      dockerfile,
      document.lineAt(line - 1).range,
      proveActionKind(rule),
    );
    const prove = (actions ?? []).find((a): a is vscode.CodeAction => 'kind' in a && a.kind?.value === proveActionKind(rule));
    if (prove?.command) {
      await vscode.commands.executeCommand(prove.command.command, ...(prove.command.arguments ?? []));
      return true;
    }
  }
  void vscode.window.showInformationMessage(
    vscode.workspace.isTrusted
      ? vscode.l10n.t(
          'Layerwise cannot prove the {0} fix for line {1}: the Dockerfile as it is now has no such fix there, or no engine is connected.',
          rule,
          lines.join(' or '),
        )
      : vscode.l10n.t('Proving a fix builds images, which Layerwise does only in a trusted workspace.'),
  );
  return false;
}
