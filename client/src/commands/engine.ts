// Commands behind the "Docker engine not reachable — Retry · Configure" lens and the trust lens, and the refusal
// the engine commands give when the engine is down: what is wrong and what to do, before asking for anything.
import * as vscode from 'vscode';
import type { CommandFactory } from './index';
import type { Ctx } from '../ctx';
import type { Refused } from '../engineScope';
import { ClientCommands, retryEngineNotification } from '../../../common/protocol';
import { configureEngineHost } from './configureEngine';

export const retryEngine: CommandFactory = (ctx) => () => ctx.client?.sendNotification(retryEngineNotification);

export const configureEngine: CommandFactory = () => (host?: unknown, scope?: unknown) => configureEngineHost(host, scope);

export const manageTrust: CommandFactory = () => () => vscode.commands.executeCommand('workbench.trust.manage');

/** What to do about a failure of this kind, when its message does not say it already. */
function advice(kind: string | undefined): string {
  if (kind === undefined || kind === 'unreachable')
    return vscode.l10n.t('Start the engine and choose Retry, or choose another engine with Configure.');
  if (kind === 'timeout') return vscode.l10n.t('Check that the engine is not stuck or overloaded, then choose Retry.');
  return '';
}

/**
 * Refuses `what` (an engine command) when the engine is known to be down, or when asking it failed (`error`):
 * says why with Retry · Configure · Show log, and returns the reason (the in-editor tests read it).
 */
export function refuseWhenEngineDown(ctx: Ctx, what: string, error?: unknown): Refused | undefined {
  const status = ctx.engineStatus;
  let reason: string;
  let kind: string | undefined;
  if (error !== undefined) {
    // The server words engine failures for people; strip the language client's own wrapping if any.
    reason = (error instanceof Error ? error.message : String(error)).replace(/^Request \S+ failed with message: /, '');
  } else if (status && !status.reachable && !status.untrusted && !status.virtualWorkspace) {
    reason = status.message ?? vscode.l10n.t('Docker engine not reachable at {0}.', status.endpoint);
    kind = status.failureKind;
  } else return undefined;
  const message = [vscode.l10n.t('{0} needs the Docker engine.', what), reason, advice(kind)].filter((s) => s).join(' ');
  const retry = vscode.l10n.t('Retry');
  const configure = vscode.l10n.t('Configure');
  const showLog = vscode.l10n.t('Show log');
  void vscode.window.showWarningMessage(message, retry, configure, showLog).then((choice) => {
    if (choice === retry) void ctx.client?.sendNotification(retryEngineNotification);
    else if (choice === configure) void vscode.commands.executeCommand(ClientCommands.configureEngine);
    else if (choice === showLog) ctx.output.show(true);
  });
  return { refused: message };
}
