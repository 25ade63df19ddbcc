// "Layerwise: Analyze image": pick an image (the one linked to the current Dockerfile first, then every local
// image with tag, size and age), analyse it in the server with a cancellable progress notification, show the
// report panel. Returns the report and what the panel rendered, for the in-editor tests.
import * as vscode from 'vscode';
import { WorkDoneProgress, type WorkDoneProgressReport, type WorkDoneProgressBegin, type WorkDoneProgressEnd } from 'vscode-languageclient';
import type { Ctx } from '../ctx';
import type { CommandFactory } from '../commands/index';
import { analyzeImageRequest, listImagesRequest, AnalyzeImageResult, ImageReport, ImageSummary } from '../../../common/protocol';
import { formatAge, formatBytes } from '../format';
import { ReportPanel, RenderedReport } from './panel';
import { refuseOutsideEngineScope, type Refused } from '../engineScope';
import { refuseWhenEngineDown } from '../commands/engine';

/** The Dockerfile the report's lines link to: only one on disk (the image was built from files on disk). */
function dockerfileOf(arg: unknown): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor;
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : typeof arg === 'string' && arg
        ? vscode.Uri.parse(arg)
        : editor?.document.languageId === 'dockerfile'
          ? editor.document.uri
          : undefined;
  return uri?.scheme === 'file' ? uri : undefined;
}

interface ImagePick extends vscode.QuickPickItem {
  image?: string;
  dockerfile?: vscode.Uri;
}

async function pickImage(
  ctx: Ctx,
  dockerfile: vscode.Uri | undefined,
): Promise<{ image: string; dockerfile?: vscode.Uri } | Refused | undefined> {
  let images: ImageSummary[];
  try {
    images = await ctx.client!.sendRequest(listImagesRequest);
  } catch (error) {
    return refuseWhenEngineDown(ctx, vscode.l10n.t('Analyzing an image'), error);
  }
  const linked = dockerfile ? ctx.imageLinks.linkedTo(dockerfile) : undefined;
  const items: ImagePick[] = [];
  if (linked)
    items.push(
      { label: linked, description: `linked to ${vscode.workspace.asRelativePath(dockerfile!)}`, image: linked, dockerfile },
      { label: '', kind: vscode.QuickPickItemKind.Separator },
    );
  for (const image of images) {
    const name = image.tags[0] ?? image.id.replace(/^sha256:/, '').slice(0, 12);
    if (name === linked) continue;
    const builtFrom = image.dockerfile ? vscode.Uri.file(image.dockerfile) : undefined;
    items.push({
      label: name,
      description: `${formatBytes(image.sizeBytes)} · ${formatAge(image.created)}`,
      detail: builtFrom ? `built from ${vscode.workspace.asRelativePath(builtFrom)}` : image.tags.slice(1).join(', ') || undefined,
      image: name,
      dockerfile: builtFrom ?? (dockerfile && image.dockerfile === dockerfile.fsPath ? dockerfile : undefined),
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Analyze image'),
    placeHolder: items.length ? vscode.l10n.t('Local images') : vscode.l10n.t('No local images: build one first'),
    matchOnDescription: true,
  });
  return picked?.image ? { image: picked.image, dockerfile: picked.dockerfile } : undefined;
}

let requestCounter = 0;

async function runAnalysis(ctx: Ctx, image: string, dockerfile: vscode.Uri | undefined): Promise<AnalyzeImageResult> {
  const client = ctx.client!;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Analyzing {0}', image), cancellable: true },
    async (progress, token) => {
      const workDoneToken = `layerwise-analyze-${++requestCounter}`;
      let last = 0;
      const subscription = client.onProgress(
        WorkDoneProgress.type,
        workDoneToken,
        (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => {
          if (value.kind === 'end') return;
          const percentage = value.percentage ?? last;
          progress.report({ message: value.message, increment: Math.max(0, percentage - last) });
          last = percentage;
        },
      );
      try {
        return await client.sendRequest(analyzeImageRequest, { image, dockerfileUri: dockerfile?.toString(), workDoneToken }, token);
      } catch (error) {
        if (token.isCancellationRequested) return { ok: false, cancelled: true, message: 'The analysis was cancelled.' };
        return { ok: false, message: error instanceof Error ? error.message : String(error) };
      } finally {
        subscription.dispose();
      }
    },
  );
}

export interface AnalyzeCommandResult {
  report: ImageReport;
  rendered: Promise<RenderedReport>;
}

export const analyzeImage: CommandFactory =
  (ctx: Ctx) =>
  async (imageArg?: unknown, dockerfileArg?: unknown): Promise<AnalyzeCommandResult | Refused | undefined> => {
    if (!ctx.client) return undefined;
    // An image can be analysed whatever the editor shows, but not without the engine (virtual workspaces).
    const refused = refuseOutsideEngineScope(vscode.l10n.t('Analyzing an image'), undefined);
    if (refused) return refused;
    if (!vscode.workspace.isTrusted) {
      const manage = vscode.l10n.t('Manage Workspace Trust');
      if (
        (await vscode.window.showWarningMessage(
          vscode.l10n.t('Analyzing an image reads the Docker engine, which waits until you trust this workspace.'),
          manage,
        )) === manage
      ) {
        await vscode.commands.executeCommand('workbench.trust.manage');
      }
      return undefined;
    }
    const down = refuseWhenEngineDown(ctx, vscode.l10n.t('Analyzing an image'));
    if (down) return down;
    let dockerfile = dockerfileOf(dockerfileArg);
    let image = typeof imageArg === 'string' && imageArg.trim() ? imageArg.trim() : undefined;
    if (!image) {
      const picked = await pickImage(ctx, dockerfile);
      if (!picked || 'refused' in picked) return picked;
      image = picked.image;
      dockerfile = picked.dockerfile ?? dockerfile;
    }
    const result = await runAnalysis(ctx, image, dockerfile);
    if (!result.ok) {
      if (!result.cancelled) void vscode.window.showErrorMessage(vscode.l10n.t('Analyze image: {0}', result.message));
      return undefined;
    }
    const panel = ReportPanel.show(ctx.extension, result.report, dockerfile);
    return { report: result.report, rendered: panel.rendered };
  };
