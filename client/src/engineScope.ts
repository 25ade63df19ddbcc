// Where the Docker engine may be used. Linting works on any Dockerfile; builds, links, layer sizes and image
// analysis need a Dockerfile on disk (the engine reads the build context from there) and a workspace on disk:
// in a virtual workspace (e.g. a GitHub repository opened without cloning) Layerwise only lints.
import * as vscode from 'vscode';

/** What an engine command returns when it refused to run, with the reason it showed. */
export interface Refused {
  refused: string;
}

/** Every workspace folder is on a virtual file system (VS Code's `virtualWorkspace` context). */
export function isVirtualWorkspace(): boolean {
  const folders = vscode.workspace.workspaceFolders ?? [];
  return folders.length > 0 && folders.every((f) => f.uri.scheme !== 'file');
}

/** Why `what` (an engine feature) cannot run for this Dockerfile, or undefined when it can. */
export function engineRefusal(what: string, dockerfile: vscode.Uri | undefined): string | undefined {
  if (isVirtualWorkspace())
    return vscode.l10n.t(
      '{0} needs the Docker engine, which Layerwise does not use in a virtual workspace: only linting is available here.',
      what,
    );
  if (dockerfile && dockerfile.scheme !== 'file') {
    return dockerfile.scheme === 'untitled'
      ? vscode.l10n.t('{0} needs a Dockerfile on disk: save this one first.', what)
      : vscode.l10n.t('{0} needs a Dockerfile on disk; this one is on a virtual file system ({1}).', what, dockerfile.scheme);
  }
  return undefined;
}

/** Shows the refusal, if any, and returns it (the in-editor tests read it). */
export function refuseOutsideEngineScope(what: string, dockerfile: vscode.Uri | undefined): Refused | undefined {
  const reason = engineRefusal(what, dockerfile);
  if (!reason) return undefined;
  void vscode.window.showWarningMessage(reason);
  return { refused: reason };
}
