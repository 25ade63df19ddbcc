// Start-up budgets in the real VS Code (code-server, as the tests run it): activation ≤ 50 ms, first
// diagnostics of a 100-line Dockerfile ≤ 300 ms after it opens. Runs the in-editor "start-up timings" test a few
// times and reads the figures it prints. (No peer: VS Code's built-in Docker support has no language server.)
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { summarize, ms } from './stats';

const RUNS = 3;

export async function run(): Promise<void> {
  const runner = path.resolve(__dirname, '../test/vscode/runInCodeServer.js');
  const samples: { activateMs: number; clientReadyMs: number; firstDiagnosticsMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = spawnSync(process.execPath, [runner], {
      env: { ...process.env, LAYERWISE_VSCODE_GREP: 'start-up timings' },
      encoding: 'utf8',
      timeout: 300_000,
    });
    const line = /layerwise-timings (\{.*\})/.exec(result.stdout ?? '');
    if (!line)
      throw new Error(
        `no timings from the in-editor run (exit ${result.status}):\n${(result.stdout ?? '').slice(-2000)}${result.stderr ?? ''}`,
      );
    samples.push(JSON.parse(line[1]));
  }
  const activate = summarize(samples.map((s) => s.activateMs));
  const ready = summarize(samples.map((s) => s.clientReadyMs));
  const diagnostics = summarize(samples.map((s) => s.firstDiagnosticsMs));
  console.log(`VS Code (code-server 4.100.3), ${RUNS} fresh windows:`);
  console.log(
    `  activate() start → return:          median ${ms(activate.median)}  (budget 50 ms, ratio ${(activate.median / 50).toFixed(2)})`,
  );
  console.log(`  activate() start → language client ready: median ${ms(ready.median)}  (server process start + initialize)`);
  console.log(
    `  open 100-line Dockerfile → first diagnostics: median ${ms(diagnostics.median)}  (budget 300 ms, ratio ${(diagnostics.median / 300).toFixed(2)})`,
  );
}
