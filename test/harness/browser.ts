// Headless Chromium driven by playwright-core, both from the machine (LAYERWISE_CHROMIUM, else the first Chromium or
// Chrome on PATH) and from .test-tools/ (not the extension's dependencies, so no browser download and no types in
// node_modules: the few Playwright calls the tests use are typed here).
import { createRequire } from 'node:module';
import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { TEST_TOOLS, requireTestTools } from './paths';

export interface Locator {
  waitFor(options?: { state?: 'attached' | 'visible' | 'hidden' | 'detached'; timeout?: number }): Promise<void>;
  first(): Locator;
  count(): Promise<number>;
  textContent(): Promise<string | null>;
  allTextContents(): Promise<string[]>;
  getAttribute(name: string): Promise<string | null>;
  click(options?: { timeout?: number }): Promise<void>;
}

/** A frame inside the page (e.g. a webview's iframe), reached through its element. */
export interface FrameLocator {
  frameLocator(selector: string): FrameLocator;
  locator(selector: string): Locator;
}

export interface ConsoleMessage {
  type(): string;
  text(): string;
  args(): { jsonValue(): Promise<unknown> }[];
}

export interface Page {
  goto(url: string, options?: { waitUntil?: 'load' | 'domcontentloaded'; timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  frameLocator(selector: string): FrameLocator;
  keyboard: { press(key: string): Promise<void>; type(text: string, options?: { delay?: number }): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean; type?: 'png' | 'jpeg'; scale?: 'css' | 'device' }): Promise<Buffer>;
  exposeFunction(name: string, fn: (...args: never[]) => unknown): Promise<void>;
  on(event: 'console', listener: (message: ConsoleMessage) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  waitForTimeout(ms: number): Promise<void>;
  /** A JavaScript expression evaluated in the page (the tests have no DOM types to write functions against). */
  evaluate<R>(expression: string): Promise<R>;
  mouse: { move(x: number, y: number): Promise<void> };
  close(): Promise<void>;
}

interface BrowserContext {
  newPage(): Promise<Page>;
  pages(): Page[];
  close(): Promise<void>;
}
interface Chromium {
  launchPersistentContext(userDataDir: string, options: Record<string, unknown>): Promise<BrowserContext>;
}

export interface Browser {
  page: Page;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** The names Chromium goes by on PATH (Debian, Ubuntu/Fedora, Google's build), in the order they are tried. */
const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The browser the UI tests drive: LAYERWISE_CHROMIUM, else the first of CHROMIUM_NAMES on PATH; a readable Error when none. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const setting = env.LAYERWISE_CHROMIUM?.trim();
  if (setting) {
    if (!executable(setting)) throw new Error(`LAYERWISE_CHROMIUM=${setting} is not an executable file.`);
    return setting;
  }
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const name of CHROMIUM_NAMES) {
    const found = dirs.map((dir) => join(dir, name)).find(executable);
    if (found) return found;
  }
  throw new Error(
    `No Chromium on PATH (looked for ${CHROMIUM_NAMES.join(', ')}): install it (scripts/setup-test-env.sh installs Debian's chromium) or set LAYERWISE_CHROMIUM to its path.`,
  );
}

// No GPU, no sandbox (containers, root), and nothing that phones home.
const HEADLESS_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  requireTestTools();
  const executablePath = chromiumPath();
  const { chromium } = createRequire(join(TEST_TOOLS, 'package.json'))('playwright-core') as { chromium: Chromium };
  // Playwright refuses --user-data-dir in launch(); a persistent context on an empty profile is the same thing.
  const profile = mkdtempSync(join(tmpdir(), 'layerwise-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath, args: HEADLESS_ARGS, viewport });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    page,
    newPage: () => context.newPage(),
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The workbench URL for a folder, optionally with a `payload` (e.g. extensionDevelopmentPath for tests). */
export function workbenchUrl(base: string, folder: string, payload?: [string, string][]): string {
  const query = [`folder=${encodeURIComponent(folder)}`];
  if (payload) query.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${base}/?${query.join('&')}`;
}
