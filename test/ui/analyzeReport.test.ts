// "Layerwise: Analyze image" as a person runs it: in code-server's page, the command from the palette, the linked
// image picked from the quick pick, and the report webview showing the wasted file with the size the image holds.
// Then "Prove" in the report must show the fix's measured saving before anything changes, and "Apply fix",
// clicked like a person would, must rewrite the Dockerfile in the editor.
// Also takes the README's report screenshot (analyze-report.png; `npm run screenshots` refreshes docs/images/).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dockerCli } from '../helpers/dockerCli';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, requireTestTools } from '../harness/paths';
import type { Locator, Page } from '../harness/browser';
import { openDevelopmentWorkbench, type Workbench } from '../harness/workbench';
import { TEST_SETTINGS, copyFixtureWorkspace, type TempWorkspace } from '../harness/workspace';
import { saveFailureScreenshot, updateDocScreenshot } from './screenshots';
import { formatBytes } from '../../common/format';

// A plain name, as a user's would be: the README screenshot shows it.
const TAG = 'layerwise-demo:analyze';
// A 40-odd MB archive written by one RUN and deleted by a later one, on the local Debian base.
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'build', 'write-then-remove');

async function waitForText(locator: Locator, pattern: RegExp, timeoutMs: number, what: string): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (await locator.allTextContents().catch(() => [])).join('\n');
    if (pattern.test(seen)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: no text matching ${pattern} within ${timeoutMs} ms; seen: ${JSON.stringify(seen.slice(0, 400))}`);
}

async function quickOpen(page: Page, prefix: string, text: string): Promise<void> {
  await page.keyboard.press(prefix);
  await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.type(text, { delay: 20 });
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
}

describe('Analyze image report in the page (development extension)', function () {
  this.timeout(300_000);
  let workbench: Workbench | undefined;
  let workspace: TempWorkspace | undefined;

  before(async () => {
    requireTestTools();
    workspace = copyFixtureWorkspace(FIXTURE);
    try {
      execFileSync(dockerCli(), ['build', '-q', '-t', TAG, workspace.path], {
        env: { ...process.env, DOCKER_BUILDKIT: '0' },
        stdio: 'pipe',
      });
    } catch (error) {
      throw new Error(
        `Could not build ${FIXTURE} (engine up? layerwise-test/debian:bookworm built? run "sudo bash scripts/setup-test-env.sh"): ${(error as { stderr?: Buffer }).stderr?.toString() ?? error}`,
      );
    }
    mkdirSync(join(workspace.path, '.vscode'), { recursive: true });
    writeFileSync(join(workspace.path, '.vscode', 'settings.json'), JSON.stringify({ 'layerwise.images': { Dockerfile: TAG } }));
    workbench = await openDevelopmentWorkbench(
      workspace.path,
      { ...TEST_SETTINGS, 'editor.cursorBlinking': 'solid' },
      { width: 1280, height: 760 },
    );
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
    try {
      execFileSync(dockerCli(), ['rmi', '-f', TAG], { stdio: 'pipe' });
    } catch {
      /* already gone */
    }
  });

  it('runs from the palette on the linked image and shows the deleted archive as waste, tied to its lines', async () => {
    const { page } = workbench!.browser;
    // The image itself says how big the archive was (the fixture's RUN records it).
    const archiveBytes = Number(execFileSync(dockerCli(), ['run', '--rm', TAG, 'cat', '/tar-size.txt'], { encoding: 'utf8' }).trim());
    assert.ok(archiveBytes > 1_000_000, `unexpected archive size ${archiveBytes}`);

    await quickOpen(page, 'Control+P', 'Dockerfile');
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Control+B'); // the side bar off: room for the report

    await quickOpen(page, 'F1', 'Layerwise: Analyze image');
    await page.keyboard.press('Enter');
    // The image quick pick: the linked image comes first.
    await waitForText(
      page.locator('.quick-input-list .monaco-list-row'),
      new RegExp(`${TAG}[\\s\\S]*linked to Dockerfile`),
      30_000,
      'the image quick pick',
    );
    await page.keyboard.press('Enter');

    const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const heading = await waitForText(report.locator('h1'), new RegExp(`Image ${TAG}`), 120_000, 'the report page');
    assert.match(heading, /Image layerwise-demo:analyze/);
    const waste = await waitForText(report.locator('section'), /\/tmp\/share\.tar/, 10_000, 'the waste section');
    const row = waste.split('\n').join(' ');
    assert.ok(
      row.includes(`/tmp/share.tar${formatBytes(archiveBytes)}layer `),
      `the wasted archive's row does not show ${formatBytes(archiveBytes)}: ${row.slice(0, 600)}`,
    );
    assert.match(
      row,
      /\/tmp\/share\.tar[^/]*line 2[^/]*line 4/,
      'the archive is tied to the RUN that wrote it (line 2) and the one that deleted it (line 4)',
    );

    await page.mouse.move(1, 1);
    await page.waitForTimeout(800); // the progress notification slides out
    await updateDocScreenshot(workbench!.browser, page, 'analyze-report.png');
  });
  it('"Prove" in the report builds the fix and shows the measured saving, with Apply, before anything changes', async () => {
    const { page } = workbench!.browser;
    const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await waitForText(report.locator('section'), /Fold line 4 into line 2/, 60_000, 'the suggested fix');
    await report.locator('button:has-text("Prove")').first().click({ timeout: 30_000 });
    // Two real builds (the original from the cache): the verdict arrives as a notification with Apply.
    const toasts = page.locator('.notifications-toasts');
    const verdict = await waitForText(toasts, /Proof of "[^"]+":[\s\S]*Measured: saves/, 240_000, 'the proof verdict');
    assert.match(verdict, /Apply/);
    assert.ok(readFileSync(join(workspace!.path, 'Dockerfile'), 'utf8').includes('RUN rm -f'), 'proving changed nothing in the Dockerfile');
    await quickOpen(page, 'F1', 'Notifications: Clear All Notifications');
    await page.keyboard.press('Enter');
  });

  it('"Apply fix" in the report folds the deleting RUN into the writing one, in the editor', async () => {
    const { page } = workbench!.browser;
    const report = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await waitForText(report.locator('section'), /Fold line 4 into line 2/, 60_000, 'the suggested fix');
    await report.locator('button:has-text("Apply fix")').first().click({ timeout: 30_000 });
    // The edit lands in the open editor (not saved yet): line 2 now removes the archive itself.
    const editorLines = page.locator('.monaco-editor .view-lines');
    await waitForText(editorLines, /share\.tar\s>\s\/tar-size\.txt\s&&\srm\s-f\s\/tmp\/share\.tar/, 30_000, 'the folded RUN in the editor');
    await editorLines.first().click();
    await page.keyboard.press('Control+S');
    const file = join(workspace!.path, 'Dockerfile');
    const deadline = Date.now() + 30_000;
    while (readFileSync(file, 'utf8').includes('RUN rm -f') && Date.now() < deadline) await page.waitForTimeout(250);
    assert.equal(
      readFileSync(file, 'utf8'),
      [
        'FROM layerwise-test/debian:bookworm',
        'RUN tar -cf /tmp/share.tar /usr/share /usr/lib/x86_64-linux-gnu && stat -c %s /tmp/share.tar > /tar-size.txt && rm -f /tmp/share.tar',
        'COPY message.txt /srv/message.txt',
        'CMD ["cat", "/srv/message.txt", "/tar-size.txt"]',
        '',
      ].join('\n'),
    );
  });
});
