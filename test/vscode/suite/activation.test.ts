// Activation is lazy: nothing of Layerwise runs until a Dockerfile is opened. This file sorts first, so it sees
// the extension host before any other in-editor test opened a Dockerfile.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, openFixture, revertAndCloseAll, waitFor } from './util';

describe('Layerwise activation', () => {
  after(revertAndCloseAll);

  it('is loaded but not active before a Dockerfile is opened', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded (extensionDevelopmentPath should point at the repo)`);
    assert.equal(extension.isActive, false, 'activated at start-up, before any Dockerfile was opened');
  });

  it('activates when a Dockerfile is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const editor = await openFixture('add-instead-of-copy/Dockerfile');
    assert.equal(editor.document.languageId, 'dockerfile');
    await waitFor('the extension to activate', () => extension.isActive || undefined);
  });
});
