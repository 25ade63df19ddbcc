// "Apply fix" in the report: the rules' own quick fix for that line, found through VS Code's code action
// machinery (so the edit is exactly what the lightbulb would do), or a message saying why there is none.
import * as vscode from 'vscode';

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : code === undefined ? undefined : String(code);
}

export async function applyReportFix(dockerfile: vscode.Uri, rule: string, lines: number[]): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(dockerfile);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: true });
  for (const line of lines) {
    if (line < 1 || line > document.lineCount) continue;
    const range = document.lineAt(line - 1).range;
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      dockerfile,
      range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = (actions ?? []).find(
      (a): a is vscode.CodeAction => 'edit' in a && !!a.edit && !!a.diagnostics?.some((d) => ruleOf(d) === rule),
    );
    if (fix?.edit && (await vscode.workspace.applyEdit(fix.edit))) {
      if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
      void vscode.window.showInformationMessage(vscode.l10n.t('Applied: {0}. Rebuild the image to see the saving.', fix.title));
      return true;
    }
  }
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Layerwise offers no "{0}" quick fix on line {1} (the rule did not fire there, or the Dockerfile changed since the build): make the change the report names by hand.',
      rule,
      lines.join(' or '),
    ),
  );
  return false;
}
