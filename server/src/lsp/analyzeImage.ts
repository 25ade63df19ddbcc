// The `layerwise/analyzeImage` request: streams the image out of the engine through the analysis core, with
// work-done progress (bytes read of the estimated total) and cancellation. The engine is contacted only in a
// trusted workspace; failures come back as a message for the user, never as a partial report.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { WorkspaceEngine } from './engineSession';
import { analyzeImage } from '../core/image/analyzeImage';
import { ImageArchiveError } from '../core/image/archiveError';
import { formatBytes } from '../../../common/format';
import { classifyEngineError } from '../core/engine/engineErrors';
import { analyzeImageRequest, AnalyzeImageResult } from '../../../common/protocol';
import * as l10n from '../core/l10n';
import { readWorkspaceText, LIMITS } from '../core/fs/readWorkspaceFile';
import { redactReport } from '../../../common/image/redact';
import { InvalidImageReferenceError } from '../core/engine/imageReference';

async function dockerfileText(uri: string, documents: TextDocuments<TextDocument>): Promise<{ path: string; text: string } | undefined> {
  const open = documents.get(uri);
  const parsed = URI.parse(uri);
  if (open) return { path: parsed.fsPath, text: open.getText() };
  if (parsed.scheme !== 'file') return undefined;
  try {
    return { path: parsed.fsPath, text: readWorkspaceText(parsed.fsPath, LIMITS.dockerfile) };
  } catch {
    return undefined; // Unreadable, or not a regular file: the report simply has no lines.
  }
}

export function registerAnalyzeImage(connection: Connection, session: WorkspaceEngine, documents: TextDocuments<TextDocument>): void {
  connection.onRequest(analyzeImageRequest, async (params, token): Promise<AnalyzeImageResult> => {
    if (session.isVirtualWorkspace)
      return {
        ok: false,
        message: l10n.t('Analyzing an image needs the Docker engine, which is not used in a virtual workspace: only linting is available.'),
      };
    if (!session.isTrusted)
      return { ok: false, message: l10n.t('Analyzing an image reads the Docker engine, which waits until you trust this workspace.') };
    const engine = session.engine?.connection;
    if (!engine) return { ok: false, message: l10n.t('No Docker engine is configured.') };
    if (typeof params?.image !== 'string' || !params.image.trim()) return { ok: false, message: l10n.t('No image was named.') };
    // Custom requests get no reporter from the library: attach one to the client's token (a no-op without one).
    const workDone = connection.window.attachWorkDoneProgress(params.workDoneToken);
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    workDone.begin(l10n.t('Analyzing {0}', params.image), 0, l10n.t('starting the export…'), true);
    try {
      const dockerfile = params.dockerfileUri ? await dockerfileText(params.dockerfileUri, documents) : undefined;
      const report = await analyzeImage(engine.streaming, params.image.trim(), {
        signal: controller.signal,
        dockerfile,
        onProgress: ({ bytesRead, totalBytes }) => {
          const percentage = totalBytes ? Math.min(99, Math.floor((bytesRead / totalBytes) * 100)) : undefined;
          workDone.report(
            percentage ?? 0,
            totalBytes
              ? l10n.t('{0} of ~{1} read', formatBytes(bytesRead), formatBytes(totalBytes))
              : l10n.t('{0} read', formatBytes(bytesRead)),
          );
        },
      });
      void session.rememberAnalysis(params.image.trim(), report);
      // The webview gets what every other output gets: the report through the one redaction.
      return { ok: true, report: redactReport(report) };
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, cancelled: true, message: l10n.t('The analysis was cancelled.') };
      if (error instanceof ImageArchiveError || error instanceof InvalidImageReferenceError) return { ok: false, message: error.message };
      const failure = classifyEngineError(error, engine.endpoint);
      connection.console.error(`Analyze ${params.image} failed: ${failure.detail}`);
      return { ok: false, message: failure.message };
    } finally {
      cancel.dispose();
      workDone.done();
    }
  });
}
