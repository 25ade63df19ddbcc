// In-editor tests edit documents; a stray save (auto-save, a command) must never touch the committed fixtures,
// so every run opens a throw-away copy of test/vscode/workspace.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

export const FIXTURE_WORKSPACE = join(REPO_ROOT, 'test', 'vscode', 'workspace');

/** Settings every in-editor run uses: no auto-save, no restored editors, no welcome page. */
export const TEST_SETTINGS: Record<string, unknown> = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'workbench.editor.restoreViewState': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'telemetry.telemetryLevel': 'off',
};

export interface TempWorkspace {
  path: string;
  dispose(): void;
}

export function copyFixtureWorkspace(source = FIXTURE_WORKSPACE): TempWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'layerwise-workspace-'));
  const path = join(root, 'workspace');
  cpSync(source, path, { recursive: true });
  return { path, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
