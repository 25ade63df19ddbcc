// Commands about images: build the current Dockerfile, link an existing image to it, show a layer's details.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { CommandFactory } from './index';
import { buildImageRequest, buildProgressNotification, listImagesRequest, LayerDetails, ImageSummary } from '../../../common/protocol';
import { suggestTag } from '../imageLinks';
import { formatAge, formatBytes } from '../format';
import { refuseOutsideEngineScope } from '../engineScope';
import { refuseWhenEngineDown } from './engine';

function activeDockerfile(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'dockerfile' ? editor.document.uri : undefined;
}

async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t("{0} runs the Dockerfile's commands, so it waits until you trust this workspace.", what),
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}

let buildCounter = 0;

export const buildImage: CommandFactory = (ctx: Ctx) => async (uriArg?: unknown, target?: unknown) => {
  const uri = activeDockerfile(uriArg);
  if (!uri || !ctx.client) return;
  const refused = refuseOutsideEngineScope(vscode.l10n.t('Building an image'), uri);
  if (refused) return refused;
  if (!(await requireTrust(vscode.l10n.t('Building an image')))) return;
  // Before asking for a tag: a build cannot start without the engine.
  const down = refuseWhenEngineDown(ctx, vscode.l10n.t('Building an image'));
  if (down) return down;
  const tag = await vscode.window.showInputBox({
    title:
      typeof target === 'string'
        ? vscode.l10n.t('Build {0} (stage {1})', vscode.workspace.asRelativePath(uri), target)
        : vscode.l10n.t('Build {0}', vscode.workspace.asRelativePath(uri)),
    prompt: vscode.l10n.t('Image tag'),
    value: ctx.imageLinks.lastTag(uri) ?? suggestTag(uri),
    validateInput: (v) =>
      /^[a-z0-9][a-z0-9._/:-]*$/.test(v.trim()) ? undefined : vscode.l10n.t('Lower-case letters, digits and . _ - / : only'),
  });
  if (!tag) return;
  await ctx.imageLinks.rememberTag(uri, tag.trim());
  const client = ctx.client;
  const buildId = `build-${++buildCounter}`;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Building {0}', tag), cancellable: true },
    async (progress, token) => {
      let lastStep = 0;
      const subscription = client.onNotification(buildProgressNotification, (p) => {
        if (p.buildId !== buildId) return;
        if (p.step && p.totalSteps) {
          progress.report({
            message: vscode.l10n.t('step {0} of {1}: {2}', p.step, p.totalSteps, p.message),
            increment: ((p.step - lastStep) / p.totalSteps) * 100,
          });
          lastStep = p.step;
        }
      });
      try {
        const result = await client.sendRequest(
          buildImageRequest,
          { buildId, uri: uri.toString(), tag: tag.trim(), target: typeof target === 'string' ? target : undefined },
          token,
        );
        if (result.ok) {
          await ctx.imageLinks.link(uri, result.tag, typeof target === 'string' ? target : undefined);
          ctx.sendImageLinks();
          ctx.output.info(`Built ${result.tag} (${result.imageId ?? ''}).`);
        } else if (!token.isCancellationRequested) {
          ctx.showBuildFailure(uri, result.failedLine, result.message ?? 'Build failed.');
        }
      } finally {
        subscription.dispose();
      }
    },
  );
};

function imageLabel(image: ImageSummary): string {
  return image.tags[0] ?? image.id.replace(/^sha256:/, '').slice(0, 12);
}

export const linkImage: CommandFactory = (ctx: Ctx) => async (uriArg?: unknown) => {
  const uri = activeDockerfile(uriArg);
  if (!uri || !ctx.client) return;
  const refused = refuseOutsideEngineScope(vscode.l10n.t('Linking an image'), uri);
  if (refused) return refused;
  if (!(await requireTrust(vscode.l10n.t('Reading the Docker engine')))) return;
  const down = refuseWhenEngineDown(ctx, vscode.l10n.t('Linking an image'));
  if (down) return down;
  let images: ImageSummary[];
  try {
    images = await ctx.client.sendRequest(listImagesRequest);
  } catch (error) {
    return refuseWhenEngineDown(ctx, vscode.l10n.t('Linking an image'), error);
  }
  const picked = await vscode.window.showQuickPick(
    images.map((image) => ({
      label: imageLabel(image),
      description: `${formatBytes(image.sizeBytes)} · ${formatAge(image.created)}`,
      detail: image.tags.slice(1).join(', ') || undefined,
      image,
    })),
    {
      title: vscode.l10n.t('Link an image to {0}', vscode.workspace.asRelativePath(uri)),
      placeHolder: images.length ? vscode.l10n.t('Local images') : vscode.l10n.t('No local images: build one first'),
      matchOnDescription: true,
    },
  );
  if (!picked) return;
  await ctx.imageLinks.link(uri, picked.image.tags[0] ?? picked.image.id);
  ctx.sendImageLinks();
};

export const showLayerDetails: CommandFactory = (ctx: Ctx) => async (details?: LayerDetails) => {
  if (!details) return;
  // Everything here comes from the image: shown as Markdown code, never as links or HTML.
  const fence = (s: string) => '```\n' + s.replace(/```/g, '`\u200b``') + '\n```';
  const markdown = [
    `# Line ${details.line + 1}: ${details.instruction}`,
    '',
    `- Image: \`${details.image.replace(/`/g, '')}\``,
    details.sizeBytes !== undefined
      ? `- Layer size: ${formatBytes(details.sizeBytes)} (${details.sizeBytes} bytes)`
      : '- Layer size: none (metadata only)',
    details.layerId ? `- Layer: \`${details.layerId.replace(/`/g, '')}\`` : '',
    details.created ? `- Created: ${details.created.replace(/[<>`]/g, '')}` : '',
    '',
    'Command recorded in the image history:',
    '',
    fence(details.createdBy),
  ]
    .filter((l) => l !== '')
    .join('\n');
  const name = details.image.replace(/[^\w.-]/g, '_');
  const uri = ctx.readOnlyDocuments.put(`/layers/${name}-line-${details.line + 1}.md`, markdown);
  await vscode.window.showTextDocument(uri, { preview: true, viewColumn: vscode.ViewColumn.Beside });
};
