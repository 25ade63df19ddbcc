// Runs the in-editor suite (test/vscode/suite) in desktop VS Code via @vscode/test-electron: `npm run test:vscode`.
// It downloads VS Code from Microsoft on first use, so it needs that network access (and a display, or xvfb-run);
// on offline machines use the code-server runner (out/test/vscode/runInCodeServer.js), which runs the same suite.
import { runTests } from '@vscode/test-electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../harness/paths';
import { TEST_SETTINGS, copyFixtureWorkspace } from '../harness/workspace';

/** The VS Code the extension targets (engines.vscode ^1.100.0), also what code-server 4.100.3 ships. */
const VSCODE_VERSION = process.env.LAYERWISE_VSCODE_VERSION ?? '1.100.3';

async function main(): Promise<number> {
  const workspace = copyFixtureWorkspace();
  const userData = join(workspace.path, '..', 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(TEST_SETTINGS, null, 2));
  try {
    return await runTests({
      version: VSCODE_VERSION,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: join(REPO_ROOT, 'out', 'test', 'vscode', 'suite', 'index.js'),
      launchArgs: [
        workspace.path,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--user-data-dir',
        userData,
      ],
    });
  } finally {
    workspace.dispose();
  }
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`in-editor suite under @vscode/test-electron could not run: ${error.message}`);
    process.exit(1);
  },
);
