// Editor basics (completion, hover, formatting, symbols, folding, semantic tokens, signature help,
// definition/rename of ARGs and stages, links, highlights) come from rcjsuen's dockerfile-language-service,
// and syntax checks from dockerfile-utils. We only route requests to them.
import { Connection, TextDocuments, Diagnostic, SemanticTokensLegend } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import { validate } from 'dockerfile-utils';
import { SYNTAX_ONLY, coveredByRules } from '../core/config/syntaxChecks';

/** Syntax problems of a Dockerfile text, from dockerfile-utils, minus the checks our rules report (one list, shared with the CLI). */
export function syntaxDiagnostics(text: string): Diagnostic[] {
  return validate(text, SYNTAX_ONLY).filter((d) => !coveredByRules(d.code)).map((d) => ({
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

export function registerEditorBasics(connection: Connection, documents: TextDocuments<TextDocument>): void {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({ completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } } });
  const text = (uri: string) => documents.get(uri)?.getText();

  connection.onCompletion((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.computeCompletionItems(t, p.position); });
  connection.onCompletionResolve((item) => service.resolveCompletionItem(item));
  connection.onHover((p) => { const t = text(p.textDocument.uri); return t === undefined ? null : service.computeHover(t, p.position); });
  connection.onDocumentSymbol((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.computeSymbols(p.textDocument, t); });
  connection.onFoldingRanges((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.computeFoldingRanges(t); });
  connection.onSignatureHelp((p) => { const t = text(p.textDocument.uri); return t === undefined ? null : service.computeSignatureHelp(t, p.position); });
  connection.onDefinition((p) => { const t = text(p.textDocument.uri); return t === undefined ? null : service.computeDefinition(p.textDocument, t, p.position); });
  connection.onDocumentHighlight((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.computeHighlightRanges(t, p.position); });
  connection.onPrepareRename((p) => { const t = text(p.textDocument.uri); return t === undefined ? null : service.prepareRename(t, p.position); });
  connection.onRenameRequest((p) => {
    const t = text(p.textDocument.uri);
    return t === undefined ? null : { changes: { [p.textDocument.uri]: service.computeRename(p.textDocument, t, p.position, p.newName) } };
  });
  connection.onDocumentLinks((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.computeLinks(t); });
  connection.onDocumentLinkResolve((link) => service.resolveLink(link));
  connection.onDocumentFormatting((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.format(t, p.options); });
  connection.onDocumentRangeFormatting((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.formatRange(t, p.range, p.options); });
  connection.onDocumentOnTypeFormatting((p) => { const t = text(p.textDocument.uri); return t === undefined ? [] : service.formatOnType(t, p.position, p.ch, p.options); });
  connection.languages.semanticTokens.on((p) => { const t = text(p.textDocument.uri); return t === undefined ? { data: [] } : service.computeSemanticTokens(t); });
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
