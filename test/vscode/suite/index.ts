// Entry point VS Code calls inside the extension host (extensionTestsPath): runs every *.test.js next to it with
// mocha, under code-server (runInCodeServer.ts) and under @vscode/test-electron (runWithTestElectron.ts) alike.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The runners read this line from the console to count results (the extension host has no other channel). */
export const SUMMARY_MARKER = 'layerwise-vscode-summary ';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

export function run(): Promise<void> {
  // On CI a test that cannot run must fail, not sit there as "pending".
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    grep: process.env.LAYERWISE_VSCODE_GREP,
    forbidOnly: true,
    forbidPending: process.env.CI === 'true',
  });
  for (const file of testFiles(__dirname).sort()) mocha.addFile(file);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const stats = runner.stats ?? { passes: 0, failures, pending: 0 };
        console.log(SUMMARY_MARKER + JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending }));
        if (failures > 0) reject(new Error(`${failures} in-editor test(s) failed`));
        else resolve();
      });
    } catch (error) {
      console.log(SUMMARY_MARKER + JSON.stringify({ passed: 0, failed: 1, pending: 0 }));
      reject(error);
    }
  });
}
