// Worker thread entry (dist/editorWorker.js) for the third-party features that grow faster than the text:
// dockerfile-language-service's semantic tokens (25 s on a 78 KB real Dockerfile) and dockerfile-utils' syntax
// checks (3 s on the same file), computed off the server's only thread.
import { parentPort } from 'node:worker_threads';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { syntaxDiagnostics } from './syntaxDiagnostics';

export type EditorWorkerTask = 'semanticTokens' | 'syntax';

const service = DockerfileLanguageServiceFactory.createLanguageService();

parentPort?.on('message', ({ id, task, text }: { id: number; task: EditorWorkerTask; text: string }) => {
  try {
    const result =
      task === 'semanticTokens'
        ? service.computeSemanticTokens(text).data
        : syntaxDiagnostics(text, (error) => {
            throw error;
          });
    parentPort?.postMessage({ id, result });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
