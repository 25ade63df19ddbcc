// Starts the real VS Code workbench (code-server) on a free loopback port, sealed off from the user's real home:
// HOME, XDG dirs, user data and extensions live in a temporary folder removed on stop. No network is needed.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CODE_SERVER_ENTRY, requireTestTools } from './paths';

export interface CodeServer {
  readonly url: string;
  readonly port: number;
  readonly extensionsDir: string;
  /** Everything code-server printed so far (for failure messages). */
  output(): string;
  /**
   * Stops code-server and its children (extension hosts, language servers) and removes the temp folder, first
   * copying its logs (extension host, language server traffic) to `keepLogsIn` when given.
   */
  stop(keepLogsIn?: string): Promise<void>;
}

export interface CodeServerOptions {
  /** Extensions already installed here are loaded (see installExtension); default: an empty temp folder. */
  extensionsDir?: string;
  /** User settings (settings.json), e.g. { "layerwise.trace.server": "verbose" }. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and, through it, extension hosts and language servers. */
  env?: Record<string, string>;
}

// Quiet and deterministic: no telemetry, no update check, no trust prompt, no welcome page, no restored windows.
const QUIET_FLAGS = [
  '--auth',
  'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-workspace-trust',
  '--disable-getting-started-override',
  '--ignore-last-opened',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function sandbox(): { root: string; env: Record<string, string>; userData: string; extensions: string; config: string } {
  const root = mkdtempSync(join(tmpdir(), 'layerwise-code-server-'));
  const dirs = {
    home: 'home',
    config: 'xdg-config',
    data: 'xdg-data',
    cache: 'xdg-cache',
    runtime: 'xdg-runtime',
    userData: 'user-data',
    extensions: 'extensions',
  };
  for (const name of Object.values(dirs)) mkdirSync(join(root, name), { recursive: true, mode: 0o700 });
  const config = join(root, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  return {
    root,
    config,
    userData: join(root, dirs.userData),
    extensions: join(root, dirs.extensions),
    env: {
      HOME: join(root, dirs.home),
      XDG_CONFIG_HOME: join(root, dirs.config),
      XDG_DATA_HOME: join(root, dirs.data),
      XDG_CACHE_HOME: join(root, dirs.cache),
      XDG_RUNTIME_DIR: join(root, dirs.runtime),
    },
  };
}

function commonArgs(box: ReturnType<typeof sandbox>, extensionsDir: string): string[] {
  return ['--config', box.config, '--user-data-dir', box.userData, '--extensions-dir', extensionsDir, ...QUIET_FLAGS];
}

/** Installs a packaged extension (.vsix) into a fresh extensions folder and returns that folder. */
export async function installExtension(vsix: string, extensionsDir?: string): Promise<string> {
  requireTestTools();
  const box = sandbox();
  const target = extensionsDir ?? mkdtempSync(join(tmpdir(), 'layerwise-extensions-'));
  try {
    await promisify(execFile)(process.execPath, [CODE_SERVER_ENTRY, ...commonArgs(box, target), '--install-extension', vsix], {
      env: { ...process.env, ...box.env },
      timeout: 60_000,
    });
  } finally {
    rmSync(box.root, { recursive: true, force: true });
  }
  return target;
}

async function waitHealthy(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} before answering:\n${output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms:\n${output()}`);
}

function copyLogs(userData: string, target: string): void {
  const logs = join(userData, 'logs');
  if (existsSync(logs)) cpSync(logs, target, { recursive: true });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
  requireTestTools();
  const box = sandbox();
  const port = await freePort();
  const extensionsDir = options.extensionsDir ?? box.extensions;
  if (options.settings) {
    mkdirSync(join(box.userData, 'User'), { recursive: true });
    writeFileSync(join(box.userData, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  }
  // detached: its own process group, so stop() reaches the extension hosts and language servers it forks.
  const child = spawn(process.execPath, [CODE_SERVER_ENTRY, '--bind-addr', `127.0.0.1:${port}`, ...commonArgs(box, extensionsDir)], {
    env: { ...process.env, ...box.env, ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async (keepLogsIn?: string): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    // Children that ignored SIGTERM after the server left.
    killGroup(child, 'SIGKILL');
    if (keepLogsIn) copyLogs(box.userData, keepLogsIn);
    rmSync(box.root, { recursive: true, force: true });
  };
  try {
    await waitHealthy(url, child, () => log, 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, extensionsDir, output: () => log, stop };
}
