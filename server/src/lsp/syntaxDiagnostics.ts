// Syntax problems of a Dockerfile text from dockerfile-utils, minus the checks our rules report (one check, shared
// with the CLI: core/config/syntaxChecks.ts). Used on the main thread for small texts and in the editor
// worker for large ones (see editorWorkerClient.ts).
import type { Diagnostic } from 'vscode-languageserver';
import { uncoveredSyntaxDiagnostics } from '../core/config/syntaxChecks';

/**
 * dockerfile-utils can throw on hostile text (` ARG V=$V` overflows its stack): then there are no syntax
 * problems for this version and `onError` hears why — our own findings are published regardless.
 */
export function syntaxDiagnostics(text: string, onError: (error: unknown) => void = () => {}): Diagnostic[] {
  let found;
  try {
    found = uncoveredSyntaxDiagnostics(text);
  } catch (error) {
    onError(error);
    return [];
  }
  return found.map((d) => ({
    ...d,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    source: 'layerwise (syntax)',
  }));
}
