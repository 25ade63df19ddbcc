// Runs the in-editor suite (test/vscode/suite) inside code-server's real workbench, headless, offline:
//   node out/test/vscode/runInCodeServer.js
// code-server rejects --extensionDevelopmentPath, but the web workbench reads the same settings from the `payload`
// URL parameter; it then awaits the suite's run() and reports the outcome through window.codeAutomationExit.
// Exit code: 0 when every test passed; 1 on failures, on a timeout, or when nothing could run (never a skip).
// LAYERWISE_SUMMARY=<file> receives {"passed":N,"failed":N} for scripts/test-all.sh.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatWithOptions } from 'node:util';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { launchBrowser, workbenchUrl, type Browser, type ConsoleMessage } from '../harness/browser';
import { ARTIFACTS, REPO_ROOT } from '../harness/paths';
import { TEST_SETTINGS, copyFixtureWorkspace } from '../harness/workspace';
import { SUMMARY_MARKER } from './suite/index';

const SUITE = join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js');
/** The extension under test; another folder (e.g. a patched copy) only for debugging. */
const EXTENSION = process.env.LAYERWISE_EXTENSION_PATH ?? REPO_ROOT;
// Room for the proof test, which builds a Debian image twice (test-all.sh gives the whole step 600 s).
const TIMEOUT_MS = Number(process.env.LAYERWISE_VSCODE_TIMEOUT_MS ?? 540_000);

interface Summary {
  passed: number;
  failed: number;
  pending?: number;
}

// Expected offline and harmless: the extension gallery, a missing wasm, sandbox warnings of the web worker host.
const NOISE =
  /ENOTFOUND|vsda_bg\.wasm|Failed to load resource|allow-scripts and allow-same-origin|same-origin iframe|copilot-instructions|Creating a socket|connection token|Service Worker|service worker controller|ChatSessionStore|builtin extensions cache/;

async function consoleText(message: ConsoleMessage): Promise<string> {
  const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => '?')));
  if (values.length === 0 || typeof values[0] !== 'string') return message.text();
  let [format, ...rest] = values as [string, ...unknown[]];
  if (format.startsWith('%c')) {
    // "%c INFO", "color: #33f", then the caller's own format string and arguments.
    rest = rest.slice(1);
    if (typeof rest[0] !== 'string') return formatWithOptions({ colors: false }, ...rest);
    [format, ...rest] = rest as [string, ...unknown[]];
  }
  return formatWithOptions({ colors: false }, format, ...rest);
}

function writeSummary(summary: Summary): void {
  if (process.env.LAYERWISE_SUMMARY) writeFileSync(process.env.LAYERWISE_SUMMARY, JSON.stringify(summary));
}

async function runSuite(server: CodeServer, browser: Browser, workspace: string): Promise<{ code: number; summary?: Summary }> {
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${path}`;
  let summary: Summary | undefined;
  const { page } = browser;
  // The extension host forwards console calls with their format string and a CSS argument ("%c INFO", "color: …"):
  // rebuild the plain text, in order (reading the arguments is asynchronous).
  let printed = Promise.resolve();
  page.on('console', (message) => {
    printed = printed.then(async () => {
      const text = await consoleText(message);
      const marker = text.indexOf(SUMMARY_MARKER);
      if (marker >= 0) summary = JSON.parse(text.slice(marker + SUMMARY_MARKER.length)) as Summary;
      else if (!NOISE.test(text)) console.log(`[workbench:${message.type()}] ${text}`);
    });
  });
  page.on('pageerror', (error) => console.log(`[workbench:pageerror] ${error.message}`));
  const exit = new Promise<number>((resolve) => {
    void page.exposeFunction('codeAutomationExit', ((code: number) => resolve(code)) as (...args: never[]) => unknown);
  });
  await page.goto(
    workbenchUrl(server.url, workspace, [
      ['extensionDevelopmentPath', remote(EXTENSION)],
      ['extensionTestsPath', remote(SUITE)],
    ]),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(-1), TIMEOUT_MS);
  });
  const code = await Promise.race([exit, timeout]);
  clearTimeout(timer);
  await printed;
  if (code === -1) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'vscode-suite-timeout.png');
    await page.screenshot({ path: shot }).catch(() => undefined);
    console.error(
      `The in-editor suite did not finish within ${TIMEOUT_MS} ms (screenshot: ${shot}).\ncode-server output:\n${server.output().slice(-4000)}`,
    );
  }
  return { code, summary };
}

async function main(): Promise<number> {
  for (const [what, path] of [
    ['the extension bundle (npm run build)', join(EXTENSION, 'dist', 'client.js')],
    ['the compiled suite (npm run compile-tests)', SUITE],
  ]) {
    if (!existsSync(path)) throw new Error(`Missing ${what}: ${path}`);
  }
  const started = Date.now();
  const server = await startCodeServer({
    // The LSP traffic lands in the logs kept on failure: what a failing in-editor test needs to be understood.
    settings: { ...TEST_SETTINGS, 'layerwise.trace.server': process.env.LAYERWISE_TRACE ?? 'messages' },
  });
  const workspace = copyFixtureWorkspace();
  const logs = join(ARTIFACTS, 'code-server-logs');
  let browser: Browser | undefined;
  let passed = false;
  try {
    browser = await launchBrowser();
    const { code, summary } = await runSuite(server, browser, workspace.path);
    // A crash before the suite counted anything still counts as one failure.
    const counted = summary ?? { passed: 0, failed: 1 };
    if (process.env.CI === 'true') counted.failed += counted.pending ?? 0;
    if (code !== 0 && counted.failed === 0) counted.failed = 1;
    writeSummary(counted);
    console.log(
      `in-editor suite in code-server: exit ${code}, ${counted.passed} passed, ${counted.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    passed = code === 0;
    return passed ? 0 : 1;
  } finally {
    await browser?.close();
    await server.stop(passed ? undefined : logs);
    if (!passed) console.error(`code-server logs (extension host, LSP trace): ${logs}`);
    workspace.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    writeSummary({ passed: 0, failed: 1 });
    console.error(`in-editor suite could not run: ${error.message}`);
    process.exit(1);
  },
);
