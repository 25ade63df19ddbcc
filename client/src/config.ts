// Typed access to the `layerwise.*` settings. Every setting the client reads goes through here.
import * as vscode from 'vscode';

export type EditorFeaturesSetting = 'auto' | 'on' | 'off';

/** Extensions that already provide Dockerfile completion, hover and syntax checks. */
export const OVERLAPPING_EXTENSIONS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

export interface LayerwiseConfig {
  editorFeatures: EditorFeaturesSetting;
  rules: Record<string, string>;
  /** Workspace-relative Dockerfile path → image reference. */
  images: Record<string, string>;
  /** The engine to use; empty means "as the docker CLI would". */
  dockerHost: string;
}

/** The full names of the settings the client reacts to (for `affectsConfiguration`). */
export const SETTINGS = {
  editorFeatures: 'layerwise.editorFeatures',
  images: 'layerwise.images',
  dockerHost: 'layerwise.docker.host',
} as const;

export function readConfig(): LayerwiseConfig {
  const c = vscode.workspace.getConfiguration('layerwise');
  return {
    editorFeatures: c.get<EditorFeaturesSetting>('editorFeatures', 'auto'),
    rules: c.get<Record<string, string>>('rules', {}),
    images: c.get<Record<string, string>>('images', {}),
    dockerHost: c.get<string>('docker.host', ''),
  };
}

/** `auto` steps aside when another extension already serves the editor basics. */
export function resolveEditorFeatures(setting: EditorFeaturesSetting): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return !OVERLAPPING_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}
