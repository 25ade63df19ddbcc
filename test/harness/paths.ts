// Where things are, for tests compiled to out/test/** as well as for ts sources: found by walking up to the repo.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'layerwise') return dir;
    if (dirname(dir) === dir) throw new Error(`No Layerwise package.json above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(__dirname);

/** Test tools (code-server, playwright-core), installed by scripts/install-code-server.sh; never the extension's deps. */
export const TEST_TOOLS = process.env.LAYERWISE_TEST_TOOLS ?? join(REPO_ROOT, '.test-tools');

export const CODE_SERVER_ENTRY = join(TEST_TOOLS, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');

/** Fails with what to run when the test tools are not installed (never a silent skip). */
export function requireTestTools(): void {
  if (!existsSync(CODE_SERVER_ENTRY) || !existsSync(join(TEST_TOOLS, 'node_modules', 'playwright-core'))) {
    throw new Error(
      `code-server/playwright-core are not installed in ${TEST_TOOLS}. Run "bash scripts/install-code-server.sh" (or scripts/setup-test-env.sh).`,
    );
  }
}
