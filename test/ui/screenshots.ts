// Screenshots for failures and for the README. A test run writes them under test/artifacts/ only; the README's
// pictures (docs/images/) are refreshed on purpose with `npm run screenshots`, which sets LAYERWISE_SCREENSHOTS to
// that folder. Even then an image is replaced only when the new one differs meaningfully (more than a sliver of
// pixels), so refreshing does not churn a binary file in git. The comparison decodes both PNGs in the browser's
// own canvas: no image library needed.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Browser, Page } from '../harness/browser';
import { ARTIFACTS, REPO_ROOT } from '../harness/paths';

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
      `(${COMPARE_IN_BROWSER})(${JSON.stringify(a.toString('base64'))}, ${JSON.stringify(b.toString('base64'))})`,
    );
  } finally {
    await page.close();
  }
}

/** Where README screenshots go besides test/artifacts/screenshots/: LAYERWISE_SCREENSHOTS (relative to the repository). */
export function screenshotFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const folder = env.LAYERWISE_SCREENSHOTS?.trim();
  return folder ? resolve(REPO_ROOT, folder) : undefined;
}

/**
 * Takes the README screenshot `name` (e.g. layer-lenses.png) into test/artifacts/screenshots/ and, when
 * LAYERWISE_SCREENSHOTS names a folder, copies it there if there is none yet or more than `threshold` of its
 * pixels changed. Logs and returns what it wrote.
 */
export async function updateDocScreenshot(browser: Browser, page: Page, name: string, threshold = 0.01): Promise<string[]> {
  const artifacts = join(ARTIFACTS, 'screenshots');
  mkdirSync(artifacts, { recursive: true });
  const fresh = join(artifacts, name);
  await page.screenshot({ path: fresh });
  const written = [fresh];
  const folder = screenshotFolder();
  if (folder) {
    const target = join(folder, name);
    if (!existsSync(target) || (await pixelDifference(browser, readFileSync(target), readFileSync(fresh))) > threshold) {
      mkdirSync(folder, { recursive: true });
      copyFileSync(fresh, target);
      written.push(target);
    } else {
      console.log(`    kept ${relative(REPO_ROOT, target)} (no visible change)`);
    }
  }
  console.log(`    wrote ${written.map((f) => relative(REPO_ROOT, f)).join(', ')}`);
  return written;
}
