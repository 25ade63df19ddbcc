// Typed access to the `layerwise.*` settings. Every setting the client reads goes through here.
import * as vscode from 'vscode';

export type EditorFeaturesSetting = 'auto' | 'on' | 'off';

/** Extensions that already provide Dockerfile completion, hover and syntax checks. */
export const OVERLAPPING_EXTENSIONS = ['ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker', 'docker.docker'];

export interface LayerwiseConfig {
  editorFeatures: EditorFeaturesSetting;
  rules: Record<string, string>;
}

export function readConfig(): LayerwiseConfig {
  const c = vscode.workspace.getConfiguration('layerwise');
  return {
    editorFeatures: c.get<EditorFeaturesSetting>('editorFeatures', 'auto'),
    rules: c.get<Record<string, string>>('rules', {}),
  };
}

/** `auto` steps aside when another extension already serves the editor basics. */
export function resolveEditorFeatures(setting: EditorFeaturesSetting): boolean {
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  return !OVERLAPPING_EXTENSIONS.some((id) => vscode.extensions.getExtension(id) !== undefined);
}
