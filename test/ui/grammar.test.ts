// Our TextMate grammars, not VS Code's built-in Dockerfile grammar, colour Dockerfiles in the real workbench.
// Both contribute the scope `source.dockerfile` for the language `dockerfile`; VS Code keeps the grammar
// registered last, and extensions register after the built-ins. Checked the way a person would: put the
// cursor on a token and read "Developer: Inspect Editor Tokens and Scopes". (The in-editor API has no token
// access, and `_workbench.captureSyntaxTokens` exists only in desktop builds, not in code-server.)
import * as assert from 'node:assert/strict';
import type { Page } from '../harness/browser';
import { openDevelopmentWorkbench, type Workbench } from '../harness/workbench';
import { TEST_SETTINGS, copyFixtureWorkspace, type TempWorkspace } from '../harness/workspace';
import { saveFailureScreenshot } from './screenshots';

async function openFile(page: Page, relativePath: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.type(relativePath, { delay: 20 });
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.waitForTimeout(500);
}

/** The inspector's text for the token at line:column (1-based), in the active editor. */
async function inspectToken(page: Page, line: number, column: number): Promise<string> {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.type(`${line}:${column}`, { delay: 20 });
  await page.keyboard.press('Enter');
  await page.waitForTimeout(300);
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.type('Developer: Inspect Editor Tokens and Scopes', { delay: 10 });
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.press('Enter');
  const widget = page.locator('.token-inspect-widget');
  await widget.waitFor({ state: 'visible', timeout: 60_000 });
  const deadline = Date.now() + 10_000;
  let text = '';
  // The widget fills in once the tokenizer answers.
  while (Date.now() < deadline && !/textmate scopes/.test(text)) {
    text = (await widget.first().textContent()) ?? '';
    await page.waitForTimeout(200);
  }
  await page.keyboard.press('Escape');
  return text;
}

describe('our grammars in code-server (development extension)', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;
  let workspace: TempWorkspace | undefined;

  before(async () => {
    workspace = copyFixtureWorkspace();
    workbench = await openDevelopmentWorkbench(workspace.path, TEST_SETTINGS);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      const shot = await saveFailureScreenshot(workbench.browser.page, `ui-${this.currentTest.title}`).catch(() => undefined);
      console.error(`  screenshot: ${shot ?? 'none'}`);
    }
  });

  after(async () => {
    await workbench?.close();
    workspace?.dispose();
  });

  it('tokenizes a Dockerfile heredoc body as embedded shell (the built-in grammar has no such scope)', async () => {
    const { page } = workbench!.browser;
    await openFile(page, 'grammar/Dockerfile');
    const body = await inspectToken(page, 4, 2); // `set -eu` inside RUN <<EOF
    assert.match(body, /meta\.embedded\.block\.shell/, body);
    assert.match(body, /source\.dockerfile/, body);
    const flag = await inspectToken(page, 3, 8); // `mount` of RUN --mount=…
    assert.match(flag, /entity\.other\.attribute-name\.flag\.dockerfile/, flag);
  });

  it('gives .dockerignore our language and grammar', async () => {
    const { page } = workbench!.browser;
    await openFile(page, 'grammar/.dockerignore');
    const mode = (await page.locator('[id="status.editor.mode"]').first().textContent()) ?? '';
    assert.match(mode, /Docker ignore/, `language mode: ${mode}`);
    const exception = await inspectToken(page, 3, 1); // `!keep.log`
    assert.match(exception, /keyword\.control\.exception\.dockerignore/, exception);
  });
});
