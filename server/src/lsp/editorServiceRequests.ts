// The dockerfile-language-service requests the editor basics route, as one table of (service, text, params) →
// answer, so the main thread (small texts) and the editor worker (large ones) compute them the same way.
// Params and answers are plain LSP objects, so they cross the worker boundary as they are.
import type {
  CompletionParams,
  DefinitionParams,
  DocumentFormattingParams,
  DocumentHighlightParams,
  DocumentLinkParams,
  DocumentOnTypeFormattingParams,
  DocumentRangeFormattingParams,
  DocumentSymbolParams,
  FoldingRangeParams,
  HoverParams,
  PrepareRenameParams,
  RenameParams,
  SignatureHelpParams,
} from 'vscode-languageserver';
import { DockerfileLanguageServiceFactory, type DockerfileLanguageService } from 'dockerfile-language-service';

/** A language service set up as the editor basics use it (snippets and markdown in completions). */
export function createEditorService(): DockerfileLanguageService {
  const service = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities({ completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } } });
  return service;
}

export const editorServiceRequests = {
  completion: (s: DockerfileLanguageService, t: string, p: CompletionParams) => s.computeCompletionItems(t, p.position),
  hover: (s: DockerfileLanguageService, t: string, p: HoverParams) => s.computeHover(t, p.position),
  documentSymbols: (s: DockerfileLanguageService, t: string, p: DocumentSymbolParams) => s.computeSymbols(p.textDocument, t),
  folding: (s: DockerfileLanguageService, t: string, _p: FoldingRangeParams) => s.computeFoldingRanges(t),
  signatureHelp: (s: DockerfileLanguageService, t: string, p: SignatureHelpParams) => s.computeSignatureHelp(t, p.position),
  definition: (s: DockerfileLanguageService, t: string, p: DefinitionParams) => s.computeDefinition(p.textDocument, t, p.position),
  highlights: (s: DockerfileLanguageService, t: string, p: DocumentHighlightParams) => s.computeHighlightRanges(t, p.position),
  prepareRename: (s: DockerfileLanguageService, t: string, p: PrepareRenameParams) => s.prepareRename(t, p.position),
  rename: (s: DockerfileLanguageService, t: string, p: RenameParams) => ({
    changes: { [p.textDocument.uri]: s.computeRename(p.textDocument, t, p.position, p.newName) },
  }),
  links: (s: DockerfileLanguageService, t: string, _p: DocumentLinkParams) => s.computeLinks(t),
  formatting: (s: DockerfileLanguageService, t: string, p: DocumentFormattingParams) => s.format(t, p.options),
  rangeFormatting: (s: DockerfileLanguageService, t: string, p: DocumentRangeFormattingParams) => s.formatRange(t, p.range, p.options),
  onTypeFormatting: (s: DockerfileLanguageService, t: string, p: DocumentOnTypeFormattingParams) =>
    s.formatOnType(t, p.position, p.ch, p.options),
};

export type EditorServiceRequest = keyof typeof editorServiceRequests;
export type EditorServiceParams<K extends EditorServiceRequest> = Parameters<(typeof editorServiceRequests)[K]>[2];
export type EditorServiceResult<K extends EditorServiceRequest> = Awaited<ReturnType<(typeof editorServiceRequests)[K]>>;

/** One request's answer (completion may come as a promise). */
export function computeEditorRequest<K extends EditorServiceRequest>(
  service: DockerfileLanguageService,
  kind: K,
  text: string,
  params: EditorServiceParams<K>,
): EditorServiceResult<K> | PromiseLike<EditorServiceResult<K>> {
  const compute = editorServiceRequests[kind] as (
    s: DockerfileLanguageService,
    t: string,
    p: EditorServiceParams<K>,
  ) => EditorServiceResult<K>;
  return compute(service, text, params);
}
