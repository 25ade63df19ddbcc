// The packaged extension as a user gets it: packaged as `npm run package` does (into test/artifacts/, or the
// .vsix given by LAYERWISE_VSIX), code-server installs it with --install-extension, and headless Chromium drives the
// real workbench: open a Dockerfile with Ctrl+P, see the squiggle and the Problems panel entry. On failure a
// screenshot lands in test/artifacts/.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension, startCodeServer, type CodeServer } from '../harness/codeServer';
import { launchBrowser, workbenchUrl, type Browser, type Page } from '../harness/browser';
import { REPO_ROOT, requireTestTools } from '../harness/paths';
import { TEST_SETTINGS, copyFixtureWorkspace, type TempWorkspace } from '../harness/workspace';
import { packageExtension } from '../harness/packageExtension';
import { saveFailureScreenshot, updateDocScreenshot } from './screenshots';
import { openVsxIssues } from './openVsx';

const MAX_VSIX_BYTES = 1.5 * 1024 * 1024;
// What .vscodeignore lets into the package (see there for why each is needed).
// vsce stores README.md, CHANGELOG.md and LICENSE as readme.md, changelog.md and LICENSE.txt.
const ALLOWED_IN_PACKAGE = [
  /^package\.json$/,
  /^(readme|changelog)\.md$/,
  /^LICENSE\.txt$/,
  /^dist\/(client|server|editorWorker)\.js$/,
  /^dist\/[\w-]+\.wasm$/,
  /^syntaxes\/[\w.-]+\.json$/,
  /^snippets\/[\w.-]+\.json$/,
  /^language-configuration\.json$/,
  /^media\/icon\.png$/,
  /^media\/walkthrough\/[\w-]+\.md$/,
  /^media\/analyze\/report\.(js|css)$/,
  /^docs\/rules\/[\w-]+\.md$/,
  /^package\.nls(\.[\w-]+)?\.json$/,
  /^l10n\/bundle\.l10n(\.[\w-]+)?\.json$/,
];

interface Manifest {
  main: string;
  icon?: string;
  l10n?: string;
  contributes: {
    languages?: { configuration?: string }[];
    grammars?: { path: string }[];
    snippets?: { path: string }[];
    walkthroughs?: { steps: { media: Record<string, unknown> }[] }[];
  };
}

/** Files the installed extension's package.json points at: a missing one breaks a feature silently. */
function filesNamedBy(manifest: Manifest): string[] {
  const c = manifest.contributes;
  const media = (c.walkthroughs ?? [])
    .flatMap((w) => w.steps.flatMap((s) => Object.values(s.media)))
    .flatMap((m) => (typeof m === 'string' ? [m] : typeof m === 'object' && m ? Object.values(m as Record<string, string>) : []));
  return [
    manifest.main,
    manifest.icon,
    manifest.l10n && `${manifest.l10n}/bundle.l10n.json`,
    ...(c.languages ?? []).map((l) => l.configuration),
    ...(c.grammars ?? []).map((g) => g.path),
    ...(c.snippets ?? []).map((s) => s.path),
    ...media,
  ]
    .filter((f): f is string => typeof f === 'string' && !/^https?:/.test(f))
    .map((f) => f.replace(/^\.\//, ''));
}

/** The package's files as the extension folder will hold them (the zip's `extension/` entries). */
function packagedFiles(vsix: string): string[] {
  return execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim())
    .filter((f) => f.startsWith('extension/') && !f.endsWith('/'))
    .map((f) => f.slice('extension/'.length));
}

async function waitForText(page: Page, selector: string, pattern: RegExp, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await page.locator(selector).allTextContents();
    if (seen.some((t) => pattern.test(t))) return seen;
    await page.waitForTimeout(200);
  }
  throw new Error(`No ${selector} matching ${pattern} within ${timeoutMs} ms; seen: ${JSON.stringify(seen)}`);
}

describe('packaged extension (layerwise.vsix) in code-server', function () {
  this.timeout(240_000);
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let workspace: TempWorkspace | undefined;
  let VSIX = process.env.LAYERWISE_VSIX ?? '';

  before(function () {
    requireTestTools();
    if (!VSIX) {
      this.timeout(180_000);
      VSIX = packageExtension();
    }
    assert.ok(existsSync(VSIX), `${VSIX} was not produced`);
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && browser) {
      const shot = await saveFailureScreenshot(browser.page, `ui-${this.currentTest.title}`).catch(() => undefined);
      console.error(`  screenshot: ${shot ?? 'none'}\n  code-server output (tail):\n${server?.output().slice(-2000) ?? ''}`);
    }
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
    workspace?.dispose();
  });

  it(`is at most ${MAX_VSIX_BYTES / 1024 / 1024} MB`, () => {
    const size = statSync(VSIX).size;
    assert.ok(size <= MAX_VSIX_BYTES, `layerwise.vsix is ${(size / 1024 / 1024).toFixed(2)} MB`);
  });

  it('holds only the bundles, the contributions, the rule docs and the metadata', () => {
    const files = packagedFiles(VSIX);
    assert.ok(files.includes('dist/client.js') && files.includes('dist/server.js'), `bundles missing from: ${files.join(', ')}`);
    assert.deepEqual(
      files.filter((f) => !ALLOWED_IN_PACKAGE.some((p) => p.test(f))),
      [],
    );
  });

  it('is a package Open VSX accepts: identity, texts, links, engines, no proposed APIs, license file and icon', () => {
    assert.deepEqual(openVsxIssues(VSIX), []);
  });

  it("installs with --install-extension, with every file its manifest names and every rule's documentation", async () => {
    const extensionsDir = await installExtension(VSIX);
    const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('layerwise.layerwise-'));
    assert.equal(installed.length, 1, `installed: ${readdirSync(extensionsDir).join(', ')}`);
    const dir = join(extensionsDir, installed[0]);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
    // Read at run time without being named in the manifest: the server bundle, its editor worker, and the report
    // page's script and style.
    const named = [
      ...filesNamedBy(manifest),
      'dist/server.js',
      'dist/editorWorker.js',
      'media/analyze/report.js',
      'media/analyze/report.css',
      ...readdirSync(join(REPO_ROOT, 'docs', 'rules'))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/rules/${f}`),
    ];
    assert.deepEqual(
      named.filter((f) => !existsSync(join(dir, f))),
      [],
      'named but not in the package',
    );
    // The examples users see in the README: the screenshot shows several findings, not just one.
    workspace = copyFixtureWorkspace(join(REPO_ROOT, 'examples'));
    server = await startCodeServer({ extensionsDir, settings: { ...TEST_SETTINGS, 'editor.cursorBlinking': 'solid' } });
    browser = await launchBrowser({ width: 1100, height: 640 });
  });

  it('shows warning squiggles and Problems entries for examples/python-app/Dockerfile opened with Ctrl+P', async function () {
    assert.ok(server && browser && workspace, 'the installation test did not get this far');
    const { page } = browser;
    await page.goto(workbenchUrl(server.url, workspace.path));
    await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });

    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget').waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.type('python-app/Dockerfile', { delay: 20 });
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
    await page.keyboard.press('Enter');

    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ state: 'attached', timeout: 60_000 });
    await waitForText(page, '[id="status.problems"]', /./, 5_000);
    const problemsLabel = await page.locator('[id="status.problems"]').first().getAttribute('aria-label');
    assert.match(problemsLabel ?? '', /Warnings: [1-9]/);

    await page.keyboard.press('Control+Shift+M');
    const rows = await waitForText(page, '.markers-panel .monaco-list-row', /Use COPY instead of ADD/, 60_000);
    assert.ok(
      rows.some((r) => /add-instead-of-copy/.test(r)),
      `the Problems row does not name the rule: ${JSON.stringify(rows)}`,
    );

    // For the README: the editor with its squiggle above the Problems panel, cursor parked out of the way.
    await page.mouse.move(700, 300);
    await page.waitForTimeout(800);
    await updateDocScreenshot(browser, page, 'diagnostics.png');
  });
});
