// "Layerwise: Configure Docker engine" as a person runs it in code-server (a remote window, where the settings
// editor's User tab has no machine-overridable setting and showed "No Settings Found"): the command palette, a
// quick pick of the scopes, an input box typed into — and the lenses follow the engine written there.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTestTools } from '../harness/paths';
import { openDevelopmentWorkbench, type Workbench } from '../harness/workbench';
import { TEST_SETTINGS, copyFixtureWorkspace, type TempWorkspace } from '../harness/workspace';
import { saveFailureScreenshot } from './screenshots';

describe('Configure Docker engine in the page', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  let workspace: TempWorkspace | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'layerwise-ui-configure-'));
  const socket = join(dir, 'nothing-here.sock');

  before(async () => {
    requireTestTools();
    workspace = copyFixtureWorkspace();
    workbench = await openDevelopmentWorkbench(workspace.path, TEST_SETTINGS, { width: 1100, height: 640 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) {
      const shot = await saveFailureScreenshot(workbench.browser.page, `ui-${this.currentTest.title}`).catch(() => undefined);
      console.error(`  screenshot: ${shot ?? 'none'}\n  code-server output (tail):\n${workbench.server.output().slice(-2000)}`);
    }
  });

  after(async () => {
    await workbench?.close();
    workspace?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function lensTexts(): Promise<string[]> {
    return workbench!.browser.page.locator('.monaco-editor .codelens-decoration').allTextContents();
  }

  async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await probe())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await workbench!.browser.page.waitForTimeout(250);
    }
  }

  it('asks where to keep the address, takes it typed, and the lenses use that engine', async () => {
    const { page } = workbench!.browser;
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.type('clean/Dockerfile', { delay: 20 });
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Enter');
    await until('the lenses of the Dockerfile', async () => (await lensTexts()).length > 0);

    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.type('Layerwise: Configure Docker engine', { delay: 20 });
    await until('the command in the palette', async () =>
      (await page.locator('.quick-input-list .monaco-list-row').allTextContents()).some((t) => t.includes('Configure Docker engine')),
    );
    await page.keyboard.press('Enter');
    let scopes: string[] = [];
    await until('the scopes to choose from', async () => {
      scopes = await page.locator('.quick-input-list .monaco-list-row').allTextContents();
      return scopes.some((t) => t.includes('Workspace settings'));
    });
    assert.match(scopes[0], /^(Remote settings|User settings)/, scopes.join(' | '));
    await page.keyboard.press('Enter');
    const input = page.locator('.quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Control+A');
    await page.keyboard.type(`unix://${socket}`, { delay: 5 });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 60_000 });

    // Nowhere a settings editor saying "No Settings Found": the value went where it counts.
    assert.equal(await page.locator('.settings-editor').count(), 0, 'a settings editor was opened');
    await until('the lens to say the configured engine is not reachable', async () =>
      (await lensTexts()).some((t) => t.includes('Docker engine not reachable')),
    );
  });
});
