// Worker thread entry (dist/semanticTokensWorker.js): dockerfile-language-service's semantic tokens, which
// grow faster than the text (25 s on a 78 KB real Dockerfile), computed off the server's only thread.
import { parentPort } from 'node:worker_threads';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';

const service = DockerfileLanguageServiceFactory.createLanguageService();

parentPort?.on('message', ({ id, text }: { id: number; text: string }) => {
  try {
    parentPort?.postMessage({ id, data: service.computeSemanticTokens(text).data });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
