// Spawns the built CLI (`npm run build` first) and captures its output and exit code.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  input?: string;
  /** Added to the environment, e.g. LANG; the caller's locale variables are not passed on (English by default). */
  env?: Record<string, string>;
  /** Another copy of the bundle (e.g. next to a test's own l10n/ folder). */
  cli?: string;
}

export function runCli(args: string[], options: CliOptions = {}): CliResult {
  const cli = options.cli ?? CLI;
  if (!fs.existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` before the CLI tests`);
  const env: Record<string, string | undefined> = { ...process.env };
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) delete env[name];
  // hadolint's variables in the caller's environment would change what the CLI reports.
  for (const name of Object.keys(env)) if (name.startsWith('HADOLINT_')) delete env[name];
  const result = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
    // A user-level hadolint.yaml must not leak into the tests.
    // Nor the user's cache folder: the compiled-code cache (cli/bundleLoader.ts) is off unless a test sets a folder.
    env: { ...env, XDG_CONFIG_HOME: path.join(options.cwd ?? '/nonexistent', '.no-user-config'), LAYERWISE_CACHE_DIR: '', ...options.env },
  });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
