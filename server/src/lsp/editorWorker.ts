// Worker thread entry (dist/editorWorker.js) for the third-party features that grow faster than the text:
// dockerfile-language-service's semantic tokens (25 s on a 78 KB real Dockerfile) and other requests on large
// texts (0.1–0.4 s at 100 KB), and dockerfile-utils' syntax checks (3 s on the same file), computed off the
// server's only thread.
import { parentPort } from 'node:worker_threads';
import { createEditorService, computeEditorRequest, type EditorServiceRequest } from './editorServiceRequests';
import { syntaxDiagnostics } from './syntaxDiagnostics';

export type EditorWorkerTask = 'semanticTokens' | 'syntax' | 'request';

export interface EditorWorkerMessage {
  id: number;
  task: EditorWorkerTask;
  text: string;
  /** For `request`: which dockerfile-language-service request, and its LSP params. */
  kind?: EditorServiceRequest;
  params?: unknown;
}

const service = createEditorService();

function compute({ task, text, kind, params }: EditorWorkerMessage): unknown {
  if (task === 'semanticTokens') return service.computeSemanticTokens(text).data;
  if (task === 'syntax')
    return syntaxDiagnostics(text, (error) => {
      throw error;
    });
  return computeEditorRequest(service, kind as EditorServiceRequest, text, params as never);
}

parentPort?.on('message', async (message: EditorWorkerMessage) => {
  try {
    const result = await compute(message);
    parentPort?.postMessage({ id: message.id, result });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
