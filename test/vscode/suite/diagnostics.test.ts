// The extension in a real VS Code: activation on a Dockerfile, diagnostics through the language client, and a
// quick fix found by VS Code's own code action machinery and applied to the document.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { layerwiseDiagnostics, openFixture, revertAndCloseAll, ruleCode, waitFor, waitForDiagnostic } from './util';

const ADD_FIXTURE = 'add-instead-of-copy/Dockerfile';

describe('Layerwise in VS Code', () => {
  afterEach(revertAndCloseAll);

  it('reports ADD of a local file as add-instead-of-copy, on the ADD keyword', async () => {
    const editor = await openFixture(ADD_FIXTURE);
    const diagnostic = await waitForDiagnostic(editor.document.uri, 'add-instead-of-copy');
    assert.equal(diagnostic.range.start.line, 2);
    assert.equal(editor.document.getText(diagnostic.range), 'ADD');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /COPY/);
  });

  it('offers a quick fix that turns ADD into COPY, after which the diagnostic is gone', async () => {
    const editor = await openFixture(ADD_FIXTURE);
    const uri = editor.document.uri;
    const diagnostic = await waitForDiagnostic(uri, 'add-instead-of-copy');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
      10,
    );
    const fix = actions.find((a): a is vscode.CodeAction => !(typeof a.command === 'string') && /^Replace ADD with COPY/.test(a.title));
    assert.ok(fix, `no "Replace ADD with COPY" among: ${actions.map((a) => a.title).join(', ') || 'nothing'}`);
    assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `the fix is of kind ${fix.kind?.value}, not quickfix`);
    assert.ok(fix.edit, 'the quick fix carries no edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit), 'VS Code refused the edit');
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(editor.document.lineAt(2).text, 'COPY app.py /app/');
    await waitFor(
      'add-instead-of-copy to disappear',
      () => layerwiseDiagnostics(uri).every((d) => ruleCode(d) !== 'add-instead-of-copy') || undefined,
    );
  });

  it('follows edits: a clean Dockerfile gets a diagnostic when ADD is typed and loses it on undo', async () => {
    const editor = await openFixture('clean/Dockerfile');
    const uri = editor.document.uri;
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), 'ADD requirements.txt /app/\n'));
    const diagnostic = await waitForDiagnostic(uri, 'add-instead-of-copy');
    assert.equal(diagnostic.range.start.line, 2);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), (await vscode.workspace.fs.readFile(uri)).toString());
    // The server has now seen the clean text after the noisy one: it must publish an empty set.
    await waitFor('the clean Dockerfile to have no layerwise diagnostics', () => layerwiseDiagnostics(uri).length === 0 || undefined).catch(
      (error: Error) => {
        throw new Error(
          `${error.message}; still there: ${layerwiseDiagnostics(uri)
            .map((d) => `${d.range.start.line}: ${ruleCode(d)}`)
            .join(', ')}`,
        );
      },
    );
  });
});
