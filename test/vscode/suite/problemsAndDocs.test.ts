// What a new user reads first, in the real VS Code: Problems-panel messages in plain text (no Markdown backticks),
// use-multi-stage's advice in the stage's own package manager's words, and rule documentation in a read-only
// preview that leaves no unsaved editor behind.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { layerwiseDiagnostics, openFixture, revertAndCloseAll, ruleCode, waitFor, waitForDiagnostic } from './util';

const FIXTURE = 'apt-toolchain/Dockerfile';

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

describe('Problems panel and rule documentation', () => {
  afterEach(revertAndCloseAll);

  it('shows every diagnostic message without Markdown backticks', async () => {
    const editor = await openFixture(FIXTURE);
    const uri = editor.document.uri;
    // apt-install-recommends' message names `apt-get install` and `--no-install-recommends` as code.
    const recommends = await waitForDiagnostic(uri, 'apt-install-recommends');
    assert.match(recommends.message, /--no-install-recommends/);
    await waitForDiagnostic(uri, 'use-multi-stage');
    const diagnostics = layerwiseDiagnostics(uri);
    for (const d of diagnostics) assert.doesNotMatch(d.message, /`/, `${ruleCode(d)}: ${d.message}`);
  });

  it("advises removing the toolchain with apt-get on a Debian stage, not apk's idiom", async () => {
    const editor = await openFixture(FIXTURE);
    const finding = await waitForDiagnostic(editor.document.uri, 'use-multi-stage');
    assert.match(finding.message, /apt-get purge -y --auto-remove gcc libc6-dev/);
    assert.doesNotMatch(finding.message, /apk/);
  });

  it('opens rule documentation read-only in a Markdown preview, leaving no untitled editor', async () => {
    const editor = await openFixture(FIXTURE);
    const diagnostic = await waitForDiagnostic(editor.document.uri, 'apt-install-recommends');
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
    );
    const show = actions.find((a): a is vscode.CodeAction => 'kind' in a && a.title === 'Show documentation for apt-install-recommends');
    assert.ok(show?.command, `no "Show documentation" action among: ${actions.map((a) => a.title).join(', ')}`);
    const untitledBefore = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
    const shown = await vscode.commands.executeCommand<vscode.Uri>(show.command.command, ...(show.command.arguments ?? []));
    assert.ok(shown, 'the command returned no document');
    assert.notEqual(shown.scheme, 'untitled');
    const document = await vscode.workspace.openTextDocument(shown);
    assert.match(document.getText(), /no-install-recommends/, 'the document is not the rule documentation');
    assert.equal(document.isDirty, false);
    assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, untitledBefore, 'an untitled document was created');
    // The preview is a webview tab; no tab holds an unsaved text editor.
    await waitFor('the Markdown preview tab', () => allTabs().find((t) => t.input instanceof vscode.TabInputWebview));
    const dirty = allTabs().filter((t) => t.isDirty);
    assert.deepEqual(
      dirty.map((t) => t.label),
      [],
      'tabs would ask to be saved on closing',
    );
    // A read-only scheme: an edit to it cannot be saved.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(shown, new vscode.Position(0, 0), 'x');
    await vscode.workspace.applyEdit(edit);
    assert.equal(await document.save(), false, 'the documentation could be saved, so it is not read-only');
  });
});
