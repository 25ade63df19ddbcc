// The layer lenses as a person sees them: in code-server's page, the lens text above the RUN equals the size the
// engine reports for its layer. Also takes the README's lens screenshot (layer-lenses.png; `npm run screenshots`
// refreshes docs/images/).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { curlEngineArgs, dockerCli } from '../helpers/dockerCli';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTestTools } from '../harness/paths';
import { openDevelopmentWorkbench, type Workbench } from '../harness/workbench';
import { TEST_SETTINGS, copyFixtureWorkspace, type TempWorkspace } from '../harness/workspace';
import { saveFailureScreenshot, updateDocScreenshot } from './screenshots';
import { formatBytes } from '../../common/format';

// A plain name, as a user's would be: the README screenshot shows it.
const TAG = 'layerwise-demo:dev';

describe('layer lenses in the page (development extension)', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  let workspace: TempWorkspace | undefined;

  before(async () => {
    requireTestTools();
    workspace = copyFixtureWorkspace();
    execFileSync(dockerCli(), ['build', '-q', '-t', TAG, join(workspace.path, 'lens')], {
      env: { ...process.env, DOCKER_BUILDKIT: '0' },
      stdio: 'pipe',
    });
    mkdirSync(join(workspace.path, '.vscode'), { recursive: true });
    writeFileSync(join(workspace.path, '.vscode', 'settings.json'), JSON.stringify({ 'layerwise.images': { 'lens/Dockerfile': TAG } }));
    workbench = await openDevelopmentWorkbench(
      workspace.path,
      { ...TEST_SETTINGS, 'editor.cursorBlinking': 'solid' },
      { width: 1100, height: 520 },
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

  it('shows above the RUN the layer size the engine reports', async () => {
    const { page } = workbench!.browser;
    const history = JSON.parse(
      execFileSync('curl', curlEngineArgs(`/images/${encodeURIComponent(TAG)}/history`), { encoding: 'utf8' }),
    ) as { CreatedBy: string; Size: number }[];
    const run = history.find((h) => h.CreatedBy.includes('dd if=/dev/zero'));
    assert.ok(run, 'no history entry for the RUN');
    const expected = `${formatBytes(run.Size)} · `;

    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.type('lens/Dockerfile', { delay: 20 });
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Enter');

    const deadline = Date.now() + 60_000;
    let lenses: string[] = [];
    while (Date.now() < deadline && !lenses.some((t) => t.startsWith(expected))) {
      lenses = await page.locator('.monaco-editor .codelens-decoration').allTextContents();
      await page.waitForTimeout(250);
    }
    assert.ok(
      lenses.some((t) => t.startsWith(expected) && /of image/.test(t)),
      `expected a lens starting "${expected}", saw ${JSON.stringify(lenses)}`,
    );
    assert.ok(
      lenses.some((t) => /metadata only/.test(t)),
      JSON.stringify(lenses),
    );
    // Line 1's row (image summary, Rebuild, the FROM's base) ends before the minimap, inside the editor.
    const row = await page.evaluate<{ text: string; right: number; edge: number } | null>(`(() => {
      const decoration = [...document.querySelectorAll('.monaco-editor .codelens-decoration')].find((d) =>
        (d.textContent || '').startsWith('image '));
      const visible = document.querySelector('.monaco-editor .editor-scrollable')?.getBoundingClientRect();
      const minimap = document.querySelector('.monaco-editor .minimap')?.getBoundingClientRect();
      if (!decoration || !visible) return null;
      const text = document.createRange();
      text.selectNodeContents(decoration);
      const edge = minimap && minimap.width > 0 ? Math.min(visible.right, minimap.left) : visible.right;
      return { text: decoration.textContent || '', right: text.getBoundingClientRect().right, edge };
    })()`);
    assert.ok(row, 'no lens row starting "image " in the page');
    assert.ok(row.right <= row.edge, `line 1's lenses run ${Math.round(row.right - row.edge)} px past the edge: ${row.text}`);
    await page.mouse.move(1, 1);
    await updateDocScreenshot(workbench!.browser, page, 'layer-lenses.png');
  });
});
