// Headless Chromium driven by playwright-core, both from the machine (Debian's /usr/bin/chromium) and from
// .test-tools/ (not the extension's dependencies, so no browser download and no types in node_modules: the few
// Playwright calls the tests use are typed here).
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export interface ConsoleMessage { type(): string; text(): string; args(): { jsonValue(): Promise<unknown> }[] }

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

interface BrowserContext { newPage(): Promise<Page>; pages(): Page[]; close(): Promise<void> }
interface Chromium {
  launchPersistentContext(userDataDir: string, options: Record<string, unknown>): Promise<BrowserContext>;
}

export interface Browser {
  page: Page;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export const CHROMIUM = process.env.LAYERWISE_CHROMIUM ?? '/usr/bin/chromium';

// No GPU, no sandbox (containers, root), and nothing that phones home.
const HEADLESS_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchBrowser(viewport = { width: 1280, height: 800 }): Promise<Browser> {
  requireTestTools();
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium (scripts/setup-test-env.sh) or set LAYERWISE_CHROMIUM.`);
  const { chromium } = createRequire(join(TEST_TOOLS, 'package.json'))('playwright-core') as { chromium: Chromium };
  // Playwright refuses --user-data-dir in launch(); a persistent context on an empty profile is the same thing.
  const profile = mkdtempSync(join(tmpdir(), 'layerwise-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: HEADLESS_ARGS, viewport });
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
