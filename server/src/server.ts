// The Layerwise language server. Runs over IPC (from the VS Code client) or `--stdio` (other editors).
import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  InitializeResult,
  CodeActionKind,
  Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache } from './lsp/analysisCache';
import { DiagnosticsScheduler } from './lsp/diagnosticsScheduler';
import { findingToDiagnostic } from './lsp/convert';
import { registerEditorBasics, editorBasicsCapabilities } from './lsp/editorBasics';
import { syntaxDiagnostics } from './lsp/syntaxDiagnostics';
import { EditorWorkerClient, WORKER_MIN_CHARS } from './lsp/editorWorkerClient';
import { quickFixes, FIX_ALL_KIND, minimalEdit } from './lsp/codeActions';
import { analyzeOptionsFor, sanitizeRuleSettings, ServerSettings, documentPath } from './lsp/settings';
import { findingSavings } from './lsp/savings';
import { InitializationOptions, ruleDocumentationRequest } from '../../common/protocol';
import { ruleDocumentation } from './core/rules/documentation';
import { applyFixes } from './core/fix/applyFixes';
import { initShellParser } from './core/shell/index';
import { registerEngineFeatures } from './lsp/engineFeatures';
import type { WorkspaceEngine } from './lsp/engineSession';
import { registerAnalyzeImage } from './lsp/analyzeImage';
import { registerProveFix, ProvenFixes, smokeCommandSetting } from './lsp/proveFixRequest';
import * as l10n from './core/l10n';
import { ThirdPartyGuard } from './lsp/thirdPartyGuard';
import { BudgetDiagnostics } from './lsp/budgetDiagnostics';
import { ShellcheckDiagnostics, shellcheckPathSetting } from './lsp/shellcheck';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings: ServerSettings = { editorFeatures: true, rules: {} };
const reportedRuleErrors = new Set<string>();
let engine: WorkspaceEngine | undefined;
const thirdParty = new ThirdPartyGuard((message) => connection.console.error(message));
const editorWorker = new EditorWorkerClient((message) => connection.console.error(message));
/** The last syntax diagnostics computed in the worker, per document, with the version they belong to. */
const workerSyntax = new Map<string, { version: number; diagnostics: Diagnostic[] }>();
const provenFixes = new ProvenFixes();
const budgets = new BudgetDiagnostics();
// `layerwise.proof.smokeCommand`, run in both images by "Prove this fix" (undefined: none).
let proofSmokeCommand: string | undefined;
const shellcheck = new ShellcheckDiagnostics((message) => connection.console.log(message));

const analyses = new AnalysisCache((uri) => ({
  ...analyzeOptionsFor(uri, settings),
  onRuleError: (rule, error) => {
    // Logged once per rule, so a broken rule cannot flood the output channel on every keystroke.
    if (reportedRuleErrors.has(rule)) return;
    reportedRuleErrors.add(rule);
    connection.console.error(`Rule ${rule} failed and was skipped: ${error instanceof Error ? error.stack : String(error)}`);
  },
}));

/** Measured waste of the linked image, when it was analyzed and still matches this version (see savings.ts). */
function wasteOf(document: TextDocument) {
  const file = documentPath(document.uri);
  return file ? engine?.wasteFor(file, document.version) : undefined;
}

/** What was last sent per document, ShellCheck's findings left out: they are merged in when they arrive. */
const sentWithoutShellcheck = new Map<string, { version: number; diagnostics: Diagnostic[] }>();

function send(uri: string, version: number, diagnostics: Diagnostic[]): void {
  sentWithoutShellcheck.set(uri, { version, diagnostics });
  const analysis = analyses.peek(uri, version);
  const sc = analysis ? shellcheck.diagnostics(analysis, settings.rules, () => resendWithShellcheck(uri, version)) : [];
  void connection.sendDiagnostics({ uri, version, diagnostics: sc.length ? [...diagnostics, ...sc] : diagnostics });
}

function resendWithShellcheck(uri: string, version: number): void {
  const sent = sentWithoutShellcheck.get(uri);
  if (sent?.version === version && documents.get(uri)?.version === version) send(uri, version, sent.diagnostics);
}

function publishDiagnostics(uri: string, version: number): void {
  const document = documents.get(uri);
  if (!document || document.version !== version) return;
  const ours: Diagnostic[] = [];
  try {
    const analysis = analyses.get(document);
    const waste = wasteOf(document);
    ours.push(...analysis.findings.map((f, i) => findingToDiagnostic(f, i, findingSavings(f, analysis.model, waste))));
    ours.push(...budgets.diagnosticsFor(uri, analysis.model.lines[0]?.length ?? 0));
  } catch (error) {
    // Our parser itself failed on this text: say so in the log, keep serving (the syntax checks still come).
    connection.console.error(`Analysis of ${uri} failed: ${error instanceof Error ? error.stack : String(error)}`);
  }
  if (!settings.editorFeatures) {
    send(uri, version, ours);
    return;
  }
  const text = document.getText();
  // dockerfile-utils under its own guard: a throw costs its syntax checks only, never our findings.
  if (text.length <= WORKER_MIN_CHARS) {
    const syntax = syntaxDiagnostics(text, (error) => thirdParty.report('syntax checks', uri, error));
    send(uri, version, [...syntax, ...ours]);
    return;
  }
  // A large text: our findings now, the syntax checks when the worker has them (it needs seconds on 100 KB).
  const cached = workerSyntax.get(uri);
  send(uri, version, [...(cached?.version === version ? cached.diagnostics : []), ...ours]);
  if (cached?.version === version) return;
  void editorWorker
    .syntax(text, () => documents.get(uri)?.version !== version)
    .then((syntax) => {
      if (!syntax || documents.get(uri)?.version !== version) return;
      workerSyntax.set(uri, { version, diagnostics: syntax });
      send(uri, version, [...syntax, ...ours]);
    });
}

const scheduler = new DiagnosticsScheduler((uri, version) => documents.get(uri)?.version === version, publishDiagnostics);

/** Settings or a configuration file changed: every open document is analysed again. */
function reanalyzeAll(): void {
  analyses.clear();
  for (const document of documents.all()) scheduler.schedule(document.uri, document.version, true);
}

connection.onInitialize(async (params): Promise<InitializeResult> => {
  // The editor's display language (LSP 3.16 `locale`) for lens titles, engine messages and action titles.
  l10n.loadTranslations(params.locale);
  // RUN bodies are parsed by tree-sitter-bash (wasm, loaded once); without it shell-based rules are skipped.
  await initShellParser().catch((error) =>
    connection.console.error(`Shell parser unavailable: ${error instanceof Error ? error.message : String(error)}`),
  );
  const init = (params.initializationOptions ?? {}) as Partial<InitializationOptions>;
  settings.editorFeatures = init.editorFeatures ?? true;
  settings.rules = sanitizeRuleSettings(init.rules);
  if (settings.editorFeatures) registerEditorBasics(connection, documents, thirdParty, editorWorker);
  engine = registerEngineFeatures(
    connection,
    documents,
    analyses,
    init,
    (uri) => {
      const document = documents.get(uri);
      if (document) scheduler.schedule(uri, document.version, true);
    },
    reanalyzeAll,
    params.capabilities,
    budgets,
  );
  registerAnalyzeImage(connection, engine, documents);
  registerProveFix(connection, engine, documents, analyses, provenFixes, () => proofSmokeCommand);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      codeLensProvider: { resolveProvider: false },
      ...(settings.editorFeatures ? editorBasicsCapabilities(!init.hasLayerwiseGrammar) : {}),
    },
    serverInfo: { name: 'layerwise', version: '0.1.0' },
  };
});

connection.onDidChangeConfiguration((change) => {
  const layerwise = (change.settings as { layerwise?: { rules?: unknown } } | undefined)?.layerwise;
  if (layerwise) {
    settings.rules = sanitizeRuleSettings(layerwise.rules);
    shellcheck.setBinary(shellcheckPathSetting(layerwise));
    proofSmokeCommand = smokeCommandSetting(layerwise);
  }
  reanalyzeAll();
});

documents.onDidOpen((e) => scheduler.schedule(e.document.uri, e.document.version, true));
documents.onDidChangeContent((e) => scheduler.schedule(e.document.uri, e.document.version));
documents.onDidClose((e) => {
  scheduler.forget(e.document.uri);
  shellcheck.forget(e.document.uri);
  sentWithoutShellcheck.delete(e.document.uri);
  workerSyntax.delete(e.document.uri);
  budgets.forget(e.document.uri);
  analyses.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.onCodeAction((params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const analysis = analyses.get(document);
  const waste = wasteOf(document);
  const text = document.getText();
  const actions = quickFixes(params, document, analysis, (f) => findingSavings(f, analysis.model, waste), {
    canProve: !!engine?.engine && documentPath(document.uri) !== undefined,
    provenOf: (fix) => provenFixes.of(text, fix),
  });
  const only = params.context.only;
  if (only?.some((k) => FIX_ALL_KIND.startsWith(k))) {
    // The document's own configuration (.hadolint.yaml, pragmas, settings) decides what fixAll may touch.
    const fixed = applyFixes(document.getText(), { ...analyzeOptionsFor(document.uri, settings), unsafe: false });
    const edits = minimalEdit(document, fixed.text);
    if (edits.length)
      actions.push({ title: l10n.t('Fix all safe Layerwise problems'), kind: FIX_ALL_KIND, edit: { changes: { [document.uri]: edits } } });
  }
  return actions;
});

connection.onRequest(ruleDocumentationRequest, (params) => {
  const markdown = ruleDocumentation(params.rule);
  return markdown === undefined ? null : { markdown };
});

connection.onShutdown(() => {
  engine?.dispose();
  editorWorker.dispose();
});

documents.listen(connection);
connection.listen();
