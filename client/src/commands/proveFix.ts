// "Prove this fix" (the code action beside each fix): the server builds the Dockerfile as it is and with the fix,
// under a cancellable progress notification; the verdict (bytes saved, files, packages, config, cache) is shown
// with "Apply", which applies exactly the proven edit, and the whole proof goes to the output channel.
// Returns what it showed and the Apply action itself, for the in-editor tests.
import * as vscode from 'vscode';
import { WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageclient';
import type { Ctx } from '../ctx';
import type { CommandFactory } from './index';
import { refuseOutsideEngineScope, type Refused } from '../engineScope';
import { formatBytes } from '../format';
import { proveFixRequest, type ProveFixArgs, type ProveFixResult } from '../../../common/protocol';

export interface ProveFixOutcome {
  result: ProveFixResult;
  /** The message shown, and its buttons. */
  message?: string;
  items: string[];
  /** What "Apply" does: the proven edit, if the Dockerfile is still the text that was proven. */
  apply(): Promise<boolean>;
}

function isArgs(v: unknown): v is ProveFixArgs {
  const a = v as Partial<ProveFixArgs> | undefined;
  return (
    !!a &&
    typeof a.uri === 'string' &&
    typeof a.rule === 'string' &&
    [a.version, a.line, a.character, a.fixIndex].every((n) => typeof n === 'number' && Number.isInteger(n))
  );
}

let counter = 0;

async function runProof(ctx: Ctx, args: ProveFixArgs): Promise<ProveFixResult> {
  const client = ctx.client!;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Proving the {0} fix', args.rule), cancellable: true },
    async (progress, token) => {
      const workDoneToken = `layerwise-prove-${++counter}`;
      const subscription = client.onProgress(
        WorkDoneProgress.type,
        workDoneToken,
        (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
          if (value.kind !== 'end' && value.message) progress.report({ message: value.message });
        },
      );
      try {
        return await client.sendRequest(proveFixRequest, { ...args, workDoneToken }, token);
      } catch (error) {
        if (token.isCancellationRequested) return { ok: false, cancelled: true, message: vscode.l10n.t('The proof was cancelled.') };
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      } finally {
        subscription.dispose();
      }
    },
  );
}

/** One message with what the proof measured, most important first. */
function verdictMessage(result: Extract<ProveFixResult, { ok: true }>): string {
  const p = result.proof;
  const parts = [vscode.l10n.t('Proof of "{0}": {1}.', result.title, p.summary)];
  if (p.bytesSaved !== undefined && p.layersSaved !== undefined)
    parts.push(
      p.bytesSaved >= 0
        ? vscode.l10n.t('Measured: saves {0}, {1} fewer layers.', formatBytes(p.bytesSaved), p.layersSaved)
        : vscode.l10n.t('Measured: grows by {0}, {1} fewer layers.', formatBytes(-p.bytesSaved), p.layersSaved),
    );
  for (const r of p.risky ?? []) parts.push(vscode.l10n.t('Risk: removes {0}: {1}.', r.name, r.why));
  if (p.cache) parts.push(vscode.l10n.t('Build cache: {0}.', p.cache));
  if (p.smoke)
    parts.push(
      p.smoke.same
        ? vscode.l10n.t('Smoke command "{0}": the same output in both images.', p.smoke.command)
        : vscode.l10n.t('Smoke command "{0}": the output differs (Show the proof).', p.smoke.command),
    );
  if (p.fromCache) parts.push(vscode.l10n.t('(From the proof cache: same text, context and engine.)'));
  return parts.join(' ');
}

export const proveFix: CommandFactory =
  (ctx: Ctx) =>
  async (args: unknown): Promise<ProveFixOutcome | Refused | undefined> => {
    if (!ctx.client || !isArgs(args)) return undefined;
    const uri = vscode.Uri.parse(args.uri);
    const refused = refuseOutsideEngineScope(vscode.l10n.t('Proving a fix'), uri);
    if (refused) return refused;
    if (!vscode.workspace.isTrusted) {
      const reason = vscode.l10n.t('Proving a fix builds your Dockerfile, which waits until you trust this workspace.');
      void vscode.window.showWarningMessage(reason);
      return { refused: reason };
    }
    const result = await runProof(ctx, args);
    const apply = async (): Promise<boolean> => {
      if (!result.ok) return false;
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === args.uri);
      if (!document || document.version !== args.version) {
        void vscode.window.showWarningMessage(vscode.l10n.t('The Dockerfile changed since the proof: prove the fix again.'));
        return false;
      }
      return vscode.workspace.applyEdit(await ctx.client!.protocol2CodeConverter.asWorkspaceEdit(result.edit));
    };
    if (!result.ok) {
      if (!result.cancelled) void vscode.window.showErrorMessage(vscode.l10n.t('Prove this fix: {0}', result.message));
      return { result, items: [], apply };
    }
    ctx.output.info(`Proof of "${result.title}":\n${result.report}`);
    const message = verdictMessage(result);
    const applyLabel = vscode.l10n.t('Apply');
    const details = vscode.l10n.t('Show the proof');
    const items = result.proof.verdict === 'fix-breaks-build' ? [details] : [applyLabel, details];
    const show = result.proof.verdict === 'as-claimed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(message, ...items).then(async (choice) => {
      if (choice === applyLabel) await apply();
      else if (choice === details) ctx.output.show(true);
    });
    return { result, message, items, apply };
  };
