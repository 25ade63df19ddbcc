// "Configure Docker engine": asks where to keep `layerwise.docker.host` and what it should be, and writes it there.
// The settings editor filtered to the setting is no help in a remote window (code-server, Remote-SSH, WSL,
// Codespaces): the setting is machine-overridable, so the User tab shows "No Settings Found" while it can only be
// set on the Remote and Workspace tabs. VS Code writes a Global value of such a setting to the Remote settings.
import * as vscode from 'vscode';

/** Where the value is written: the extension host's machine (User, or Remote in a remote window), the workspace, a folder. */
export type HostScope = 'user' | 'workspace' | 'folder';

export interface ConfiguredHost {
  host: string;
  scope: HostScope;
}

interface ScopePick extends vscode.QuickPickItem {
  scope: HostScope;
  target: vscode.ConfigurationTarget;
  folder?: vscode.WorkspaceFolder;
}

const SCHEMES = /^(unix|tcp|ssh|npipe|https?):\/\/\S*$/i;

function currentValue(folder?: vscode.WorkspaceFolder) {
  return vscode.workspace.getConfiguration('layerwise', folder?.uri).inspect<string>('docker.host');
}

function scopePicks(): ScopePick[] {
  const shown = (value: string | undefined) => (value ? value : vscode.l10n.t('not set'));
  const inspected = currentValue();
  const picks: ScopePick[] = [
    {
      label: vscode.env.remoteName ? vscode.l10n.t('Remote settings ({0})', vscode.env.remoteName) : vscode.l10n.t('User settings'),
      description: shown(inspected?.globalValue),
      detail: vscode.l10n.t('Every workspace opened on this machine'),
      scope: 'user',
      target: vscode.ConfigurationTarget.Global,
    },
  ];
  if (vscode.workspace.workspaceFolders?.length) {
    picks.push({
      label: vscode.l10n.t('Workspace settings'),
      description: shown(inspected?.workspaceValue),
      detail: vscode.workspace.isTrusted
        ? vscode.l10n.t('This workspace only')
        : vscode.l10n.t('This workspace only, once you trust it (an untrusted workspace cannot choose the engine)'),
      scope: 'workspace',
      target: vscode.ConfigurationTarget.Workspace,
    });
  }
  // In a multi-root workspace each folder may name its own engine.
  if (vscode.workspace.workspaceFile && (vscode.workspace.workspaceFolders?.length ?? 0) > 1) {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      picks.push({
        label: vscode.l10n.t('Folder {0}', folder.name),
        description: shown(currentValue(folder)?.workspaceFolderValue),
        scope: 'folder',
        target: vscode.ConfigurationTarget.WorkspaceFolder,
        folder,
      });
    }
  }
  return picks;
}

export function validateHost(value: string): string | undefined {
  const trimmed = value.trim();
  if (!trimmed || SCHEMES.test(trimmed)) return undefined;
  return vscode.l10n.t('Expected unix://, tcp://, ssh:// or npipe:// followed by the address (or nothing)');
}

/** Runs the command; `hostArg` and `scopeArg` skip their questions (the in-editor tests pass them). */
export async function configureEngineHost(hostArg?: unknown, scopeArg?: unknown): Promise<ConfiguredHost | undefined> {
  const picks = scopePicks();
  const pick =
    picks.find((p) => p.scope === scopeArg) ??
    (await vscode.window.showQuickPick(picks, {
      title: vscode.l10n.t('Configure Docker engine'),
      placeHolder: vscode.l10n.t('Where should Layerwise keep the engine address (layerwise.docker.host)?'),
    }));
  if (!pick) return undefined;
  const inspected = currentValue(pick.folder);
  const atScope =
    pick.scope === 'user'
      ? inspected?.globalValue
      : pick.scope === 'workspace'
        ? inspected?.workspaceValue
        : inspected?.workspaceFolderValue;
  const host =
    typeof hostArg === 'string'
      ? hostArg
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Configure Docker engine: {0}', pick.label),
          prompt: vscode.l10n.t(
            'unix://<socket path>, tcp://host:2376, ssh://user@host. Empty: as the docker CLI would (DOCKER_HOST, the current context, the default socket, Podman).',
          ),
          value: atScope ?? vscode.workspace.getConfiguration('layerwise').get<string>('docker.host', ''),
          ignoreFocusOut: true,
          validateInput: validateHost,
        });
  if (host === undefined) return undefined;
  const invalid = validateHost(host);
  if (invalid) {
    void vscode.window.showWarningMessage(invalid);
    return undefined;
  }
  await vscode.workspace.getConfiguration('layerwise', pick.folder?.uri).update('docker.host', host.trim() || undefined, pick.target);
  return { host: host.trim(), scope: pick.scope };
}
