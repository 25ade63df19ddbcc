// Editor basics (completion, hover, formatting, symbols, folding, semantic tokens, signature help,
// definition/rename of ARGs and stages, links, highlights) come from rcjsuen's dockerfile-language-service,
// and syntax checks from dockerfile-utils (syntaxDiagnostics.ts). We only route requests to them, each under a guard
// (a throw costs that one answer) and semantic tokens, which grow faster than the text, in the editor worker.
import { Connection, TextDocuments, SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import type { ThirdPartyGuard } from './thirdPartyGuard';
import type { EditorWorkerClient } from './editorWorkerClient';

export const semanticTokensLegend: SemanticTokensLegend = {
  // The order dockerfile-language-service emits (its SemanticTokenTypes / modifiers).
  tokenTypes: ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'modifier'],
  tokenModifiers: ['declaration', 'definition', 'deprecated'],
};

/**
 * The main-thread editor basics take ~0.1 s on a 100 KB text and grow faster than it; past this size they answer
 * empty, so a huge file cannot hold up diagnostics (semantic tokens have their own limit, editorWorkerClient.ts).
 */
export const EDITOR_BASICS_MAX_CHARS = 256_000;

/** Routes the editor basics to dockerfile-language-service, each call under the guard (see thirdPartyGuard.ts). */
export function registerEditorBasics(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  guard: ThirdPartyGuard,
  worker: EditorWorkerClient,
): void {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({ completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } } });
  /** The feature's answer for an open document, or `fallback` when it is not open or the service throws. */
  const answer = <T>(feature: string, uri: string, fallback: T, compute: (text: string) => T): T => {
    const text = documents.get(uri)?.getText();
    if (text === undefined) return fallback;
    if (text.length > EDITOR_BASICS_MAX_CHARS) {
      guard.report(feature, uri, new Error(`the text is over ${EDITOR_BASICS_MAX_CHARS / 1000} KB`));
      return fallback;
    }
    return guard.guarded(feature, uri, fallback, () => compute(text));
  };

  connection.onCompletion((p) => answer('completion', p.textDocument.uri, [], (t) => service.computeCompletionItems(t, p.position)));
  connection.onCompletionResolve((item) => guard.guarded('completion resolve', '', item, () => service.resolveCompletionItem(item)));
  connection.onHover((p) => answer('hover', p.textDocument.uri, null, (t) => service.computeHover(t, p.position)));
  connection.onDocumentSymbol((p) => answer('document symbols', p.textDocument.uri, [], (t) => service.computeSymbols(p.textDocument, t)));
  connection.onFoldingRanges((p) => answer('folding', p.textDocument.uri, [], (t) => service.computeFoldingRanges(t)));
  connection.onSignatureHelp((p) => answer('signature help', p.textDocument.uri, null, (t) => service.computeSignatureHelp(t, p.position)));
  connection.onDefinition((p) =>
    answer('definition', p.textDocument.uri, null, (t) => service.computeDefinition(p.textDocument, t, p.position)),
  );
  connection.onDocumentHighlight((p) => answer('highlights', p.textDocument.uri, [], (t) => service.computeHighlightRanges(t, p.position)));
  connection.onPrepareRename((p) => answer('rename', p.textDocument.uri, null, (t) => service.prepareRename(t, p.position)));
  connection.onRenameRequest((p) =>
    answer('rename', p.textDocument.uri, null, (t) => ({
      changes: { [p.textDocument.uri]: service.computeRename(p.textDocument, t, p.position, p.newName) },
    })),
  );
  connection.onDocumentLinks((p) => answer('links', p.textDocument.uri, [], (t) => service.computeLinks(t)));
  connection.onDocumentLinkResolve((link) => guard.guarded('link resolve', '', link, () => service.resolveLink(link)));
  connection.onDocumentFormatting((p) => answer('formatting', p.textDocument.uri, [], (t) => service.format(t, p.options)));
  connection.onDocumentRangeFormatting((p) =>
    answer('formatting', p.textDocument.uri, [], (t) => service.formatRange(t, p.range, p.options)),
  );
  connection.onDocumentOnTypeFormatting((p) =>
    answer('formatting', p.textDocument.uri, [], (t) => service.formatOnType(t, p.position, p.ch, p.options)),
  );
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
