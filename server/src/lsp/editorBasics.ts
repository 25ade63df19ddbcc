// Editor basics (completion, hover, formatting, symbols, folding, semantic tokens, signature help,
// definition/rename of ARGs and stages, links, highlights) come from rcjsuen's dockerfile-language-service,
// and syntax checks from dockerfile-utils (syntaxDiagnostics.ts). We only route requests to them, each under a guard
// (a throw costs that one answer); texts over WORKER_MIN_CHARS, and all semantic tokens (which grow faster than the
// text), are computed in the editor worker, so the server's only thread stays free for diagnostics.
import { Connection, TextDocuments, SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ThirdPartyGuard } from './thirdPartyGuard';
import { WORKER_MIN_CHARS, type EditorWorkerClient } from './editorWorkerClient';
import {
  computeEditorRequest,
  createEditorService,
  type EditorServiceParams,
  type EditorServiceRequest,
  type EditorServiceResult,
} from './editorServiceRequests';

export const semanticTokensLegend: SemanticTokensLegend = {
  // The order dockerfile-language-service emits (its SemanticTokenTypes / modifiers).
  tokenTypes: ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'modifier'],
  tokenModifiers: ['declaration', 'definition', 'deprecated'],
};

/**
 * The editor basics take ~0.1–0.4 s on a 100 KB text (in the worker) and grow faster than it; past this size they
 * answer empty (semantic tokens have their own limit, editorWorkerClient.ts).
 */
export const EDITOR_BASICS_MAX_CHARS = 256_000;

/** The name each request's failures are logged under (once per name, thirdPartyGuard.ts). */
const featureNames: Record<EditorServiceRequest, string> = {
  completion: 'completion',
  hover: 'hover',
  documentSymbols: 'document symbols',
  folding: 'folding',
  signatureHelp: 'signature help',
  definition: 'definition',
  highlights: 'highlights',
  prepareRename: 'rename',
  rename: 'rename',
  links: 'links',
  formatting: 'formatting',
  rangeFormatting: 'formatting',
  onTypeFormatting: 'formatting',
};

/** Routes the editor basics to dockerfile-language-service, each call under the guard (see thirdPartyGuard.ts). */
export function registerEditorBasics(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  guard: ThirdPartyGuard,
  worker: EditorWorkerClient,
): void {
  const service = createEditorService();
  /**
   * The request's answer for an open document: computed inline for a small text, in the editor worker for a large
   * one; `fallback` when the document is not open, too large, the service throws or the worker's budget runs out.
   */
  const answer = <K extends EditorServiceRequest, F>(
    kind: K,
    params: EditorServiceParams<K> & { textDocument: { uri: string } },
    fallback: F,
    isCancelled: () => boolean,
  ): EditorServiceResult<K> | F | PromiseLike<EditorServiceResult<K> | F> => {
    const { uri } = params.textDocument;
    const feature = featureNames[kind];
    const text = documents.get(uri)?.getText();
    if (text === undefined) return fallback;
    if (text.length > EDITOR_BASICS_MAX_CHARS) {
      guard.report(feature, uri, new Error(`the text is over ${EDITOR_BASICS_MAX_CHARS / 1000} KB`));
      return fallback;
    }
    if (text.length <= WORKER_MIN_CHARS) {
      return guard.guarded<EditorServiceResult<K> | F | PromiseLike<EditorServiceResult<K> | F>>(feature, uri, fallback, () =>
        computeEditorRequest(service, kind, text, params),
      );
    }
    return worker
      .editorRequest(kind, text, params, isCancelled, (message) => guard.report(feature, uri, new Error(message)))
      .then((result) => result ?? fallback);
  };

  connection.onCompletion((p, token) => answer('completion', p, [], () => token.isCancellationRequested));
  connection.onCompletionResolve((item) => guard.guarded('completion resolve', '', item, () => service.resolveCompletionItem(item)));
  connection.onHover((p, token) => answer('hover', p, null, () => token.isCancellationRequested));
  connection.onDocumentSymbol((p, token) => answer('documentSymbols', p, [], () => token.isCancellationRequested));
  connection.onFoldingRanges((p, token) => answer('folding', p, [], () => token.isCancellationRequested));
  connection.onSignatureHelp((p, token) => answer('signatureHelp', p, null, () => token.isCancellationRequested));
  connection.onDefinition((p, token) => answer('definition', p, null, () => token.isCancellationRequested));
  connection.onDocumentHighlight((p, token) => answer('highlights', p, [], () => token.isCancellationRequested));
  connection.onPrepareRename((p, token) => answer('prepareRename', p, null, () => token.isCancellationRequested));
  connection.onRenameRequest((p, token) => answer('rename', p, null, () => token.isCancellationRequested));
  connection.onDocumentLinks((p, token) => answer('links', p, [], () => token.isCancellationRequested));
  connection.onDocumentLinkResolve((link) => guard.guarded('link resolve', '', link, () => service.resolveLink(link)));
  connection.onDocumentFormatting((p, token) => answer('formatting', p, [], () => token.isCancellationRequested));
  connection.onDocumentRangeFormatting((p, token) => answer('rangeFormatting', p, [], () => token.isCancellationRequested));
  connection.onDocumentOnTypeFormatting((p, token) => answer('onTypeFormatting', p, [], () => token.isCancellationRequested));
  connection.languages.semanticTokens.on(async (p, token) => {
    const text = documents.get(p.textDocument.uri)?.getText();
    return { data: text === undefined ? [] : await worker.semanticTokens(text, () => token.isCancellationRequested) };
  });
}

/** The capabilities the editor basics add to `initialize`'s answer. */
export function editorBasicsCapabilities(semanticTokens: boolean) {
  const { semanticTokensProvider, ...rest } = allEditorBasicsCapabilities;
  return semanticTokens ? allEditorBasicsCapabilities : rest;
}

const allEditorBasicsCapabilities = {
  completionProvider: { resolveProvider: true, triggerCharacters: ['=', ' ', '$', '-'] },
  hoverProvider: true,
  documentSymbolProvider: true,
  foldingRangeProvider: true,
  signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
  definitionProvider: true,
  documentHighlightProvider: true,
  renameProvider: { prepareProvider: true },
  documentLinkProvider: { resolveProvider: true },
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
  semanticTokensProvider: { legend: semanticTokensLegend, full: true, range: false },
};
