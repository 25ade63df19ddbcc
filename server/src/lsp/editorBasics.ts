// Editor basics (completion, hover, formatting, symbols, folding, semantic tokens, signature help,
// definition/rename of ARGs and stages, links, highlights) come from rcjsuen's dockerfile-language-service,
// and syntax checks from dockerfile-utils. We only route requests to them, each under a guard (a throw costs that
// one answer) and semantic tokens, the one feature that grows faster than the text, off the main thread.
import { Connection, TextDocuments, Diagnostic, SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { validate } from 'dockerfile-utils';
import { SYNTAX_ONLY, coveredDiagnostic } from '../core/config/syntaxChecks';
import { ThirdPartyGuard } from './thirdPartyGuard';
import { SemanticTokensOffThread } from './semanticTokensOffThread';

/**
 * Syntax problems of a Dockerfile text, from dockerfile-utils, minus the checks our rules report (one list, shared
 * with the CLI). dockerfile-utils can throw on hostile text: then there are no syntax problems for this version
 * and `onError` hears why — our own findings are published regardless.
 */
export function syntaxDiagnostics(text: string, onError: (error: unknown) => void = () => {}): Diagnostic[] {
  let found;
  try {
    found = validate(text, SYNTAX_ONLY);
  } catch (error) {
    onError(error);
    return [];
  }
  return found.filter((d) => !coveredDiagnostic(d, text)).map((d) => ({
    ...d,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    source: 'layerwise (syntax)',
  }));
}

export const semanticTokensLegend: SemanticTokensLegend = {
  // The order dockerfile-language-service emits (its SemanticTokenTypes / modifiers).
  tokenTypes: ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'modifier'],
  tokenModifiers: ['declaration', 'definition', 'deprecated'],
};

/** Routes the editor basics to dockerfile-language-service, each call under the guard (see thirdPartyGuard.ts). */
export function registerEditorBasics(connection: Connection, documents: TextDocuments<TextDocument>, guard: ThirdPartyGuard): { dispose(): void } {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({ completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } } });
  /** The feature's answer for an open document, or `fallback` when it is not open or the service throws. */
  const answer = <T>(feature: string, uri: string, fallback: T, compute: (text: string) => T): T => {
    const text = documents.get(uri)?.getText();
    return text === undefined ? fallback : guard.guarded(feature, uri, fallback, () => compute(text));
  };
  const semanticTokens = new SemanticTokensOffThread((message) => connection.console.error(message));

  connection.onCompletion((p) => answer('completion', p.textDocument.uri, [], (t) => service.computeCompletionItems(t, p.position)));
  connection.onCompletionResolve((item) => guard.guarded('completion resolve', '', item, () => service.resolveCompletionItem(item)));
  connection.onHover((p) => answer('hover', p.textDocument.uri, null, (t) => service.computeHover(t, p.position)));
  connection.onDocumentSymbol((p) => answer('document symbols', p.textDocument.uri, [], (t) => service.computeSymbols(p.textDocument, t)));
  connection.onFoldingRanges((p) => answer('folding', p.textDocument.uri, [], (t) => service.computeFoldingRanges(t)));
  connection.onSignatureHelp((p) => answer('signature help', p.textDocument.uri, null, (t) => service.computeSignatureHelp(t, p.position)));
  connection.onDefinition((p) => answer('definition', p.textDocument.uri, null, (t) => service.computeDefinition(p.textDocument, t, p.position)));
  connection.onDocumentHighlight((p) => answer('highlights', p.textDocument.uri, [], (t) => service.computeHighlightRanges(t, p.position)));
  connection.onPrepareRename((p) => answer('rename', p.textDocument.uri, null, (t) => service.prepareRename(t, p.position)));
  connection.onRenameRequest((p) => answer('rename', p.textDocument.uri, null, (t) => ({ changes: { [p.textDocument.uri]: service.computeRename(p.textDocument, t, p.position, p.newName) } })));
  connection.onDocumentLinks((p) => answer('links', p.textDocument.uri, [], (t) => service.computeLinks(t)));
  connection.onDocumentLinkResolve((link) => guard.guarded('link resolve', '', link, () => service.resolveLink(link)));
  connection.onDocumentFormatting((p) => answer('formatting', p.textDocument.uri, [], (t) => service.format(t, p.options)));
  connection.onDocumentRangeFormatting((p) => answer('formatting', p.textDocument.uri, [], (t) => service.formatRange(t, p.range, p.options)));
  connection.onDocumentOnTypeFormatting((p) => answer('formatting', p.textDocument.uri, [], (t) => service.formatOnType(t, p.position, p.ch, p.options)));
  connection.languages.semanticTokens.on(async (p, token) => {
    const text = documents.get(p.textDocument.uri)?.getText();
    return { data: text === undefined ? [] : await semanticTokens.compute(text, () => token.isCancellationRequested) };
  });
  return semanticTokens;
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
