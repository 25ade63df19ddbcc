// Issue 3 in the real VS Code: a squiggle on `COPY . .` before `npm ci`, the lightbulb offers
// "Copy dependency manifests first", and choosing it rewrites the file as expected.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { layerwiseDiagnostics, openFixture, revertAndCloseAll, ruleCode, waitFor, waitForDiagnostic } from './util';

describe('size and cache quick fixes in VS Code', () => {
  afterEach(revertAndCloseAll);

  it('flags COPY . . before npm ci and rewrites it to copy the manifests first', async () => {
    const editor = await openFixture('node-app/Dockerfile');
    const uri = editor.document.uri;
    const diagnostic = await waitForDiagnostic(uri, 'copy-before-deps');
    assert.equal(editor.document.getText(diagnostic.range).startsWith('COPY . .'), true, editor.document.getText(diagnostic.range));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
      20,
    );
    const fix = actions.find((a) => a.title.startsWith('Copy dependency manifests first'));
    assert.ok(fix?.edit, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.match(fix.title, /changes the build/, 'reordering COPYs changes the build and must say so');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(
      editor.document.getText(),
      ['FROM node:20-slim', 'WORKDIR /app', 'COPY package*.json ./', 'RUN npm ci', 'COPY . .', 'CMD ["node", "server.js"]', ''].join('\n'),
    );
    await waitFor(
      'copy-before-deps to disappear',
      () => layerwiseDiagnostics(uri).every((d) => ruleCode(d) !== 'copy-before-deps') || undefined,
    );
  });

  it('offers "show documentation" and "ignore here" next to the fix', async () => {
    const editor = await openFixture('node-app/Dockerfile');
    const diagnostic = await waitForDiagnostic(editor.document.uri, 'copy-before-deps');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
      vscode.CodeActionKind.QuickFix.value,
      20,
    );
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Ignore copy-before-deps for this instruction'), titles.join(' | '));
    assert.ok(titles.includes('Show documentation for copy-before-deps'), titles.join(' | '));
  });
});
