// Spawns the built CLI (`npm run build` first) and captures its output and exit code.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

export interface CliResult { code: number | null; stdout: string; stderr: string }

export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the CLI tests`);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd, input: options.input, encoding: 'utf8', timeout: 60_000,
    // A user-level hadolint.yaml must not leak into the tests.
    env: { ...process.env, XDG_CONFIG_HOME: path.join(options.cwd ?? '/nonexistent', '.no-user-config') },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
