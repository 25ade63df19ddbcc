// Screenshots for failures and for the README. The README's image is replaced only when the new one differs
// meaningfully (more than a sliver of pixels), so re-running the tests does not churn a binary file in git.
// The comparison decodes both PNGs in the browser's own canvas: no image library needed.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Browser, Page } from '../harness/browser';
import { ARTIFACTS } from '../harness/paths';

/** Saves a screenshot of the page under test/artifacts/ and returns its path. */
export async function saveFailureScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name.replace(/[^\w.-]+/g, '-').slice(0, 80)}.png`);
  await page.screenshot({ path });
  return path;
}

// Runs in the browser (the tests compile without DOM types, hence plain JavaScript in a string).
const COMPARE_IN_BROWSER = `async (first, second) => {
  const load = (base64) => new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve(image);
    image.onerror = () => reject(new Error('not a PNG'));
    image.src = 'data:image/png;base64,' + base64;
  });
  const [x, y] = await Promise.all([load(first), load(second)]);
  if (x.width !== y.width || x.height !== y.height) return 1;
  const pixels = (image) => {
    const canvas = document.createElement('canvas');
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height).data;
  };
  const [p, q] = [pixels(x), pixels(y)];
  let differing = 0;
  for (let i = 0; i < p.length; i += 4) {
    if (Math.abs(p[i] - q[i]) + Math.abs(p[i + 1] - q[i + 1]) + Math.abs(p[i + 2] - q[i + 2]) > 48) differing++;
  }
  return differing / (p.length / 4);
}`;

/** Share of pixels (0..1) whose colour differs noticeably between two PNGs; 1 when the sizes differ. */
export async function pixelDifference(browser: Browser, a: Buffer, b: Buffer): Promise<number> {
  const page = await browser.newPage();
  try {
    return await page.evaluate<number>(
      `(${COMPARE_IN_BROWSER})(${JSON.stringify(a.toString('base64'))}, ${JSON.stringify(b.toString('base64'))})`);
  } finally {
    await page.close();
  }
}

/**
 * Takes a screenshot and stores it at `target` when there is none yet or when more than `threshold` of its
 * pixels changed. Returns whether the file was (re)written.
 */
export async function updateDocScreenshot(browser: Browser, page: Page, target: string, threshold = 0.01): Promise<boolean> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const fresh = join(ARTIFACTS, 'doc-screenshot.png');
  await page.screenshot({ path: fresh });
  if (existsSync(target) && (await pixelDifference(browser, readFileSync(target), readFileSync(fresh))) <= threshold) {
    rmSync(fresh);
    return false;
  }
  mkdirSync(dirname(target), { recursive: true });
  renameSync(fresh, target);
  return true;
}
