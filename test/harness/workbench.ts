// The page the UI tests drive: code-server with Layerwise loaded from this repository (the development
// extension, through the payload URL parameter), a workspace folder, and headless Chromium showing the workbench.
import { startCodeServer, type CodeServer } from './codeServer';
import { launchBrowser, workbenchUrl, type Browser } from './browser';
import { REPO_ROOT, requireTestTools } from './paths';

export interface Workbench {
  server: CodeServer;
  browser: Browser;
  close(): Promise<void>;
}

export async function openDevelopmentWorkbench(
  workspacePath: string,
  settings: Record<string, unknown>,
  viewport = { width: 1100, height: 640 },
): Promise<Workbench> {
  requireTestTools();
  const server = await startCodeServer({ settings });
  const browser = await launchBrowser(viewport);
  const self = new URL(server.url);
  await browser.page.goto(
    workbenchUrl(server.url, workspacePath, [['extensionDevelopmentPath', `vscode-remote://${self.host}${REPO_ROOT}`]]),
  );
  await browser.page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
