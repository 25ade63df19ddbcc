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
import { carryOver, editedLines, sameDiagnostics, type EditedLines } from './lsp/carryOver';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settings: ServerSettings = { editorFeatures: true, rules: {} };
const reportedRuleErrors = new Set<string>();
let engine: WorkspaceEngine | undefined;
const thirdParty = new ThirdPartyGuard((message) => connection.console.error(message));
const editorWorker = new EditorWorkerClient((message) => connection.console.error(message));
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

/**
 * What was last published per document, in parts: our findings are computed on every keystroke; the syntax checks
 * (dockerfile-utils) and ShellCheck's findings are carried over from the previous version (carryOver.ts) and
 * replaced right after the publish, so they never hold ours up. `fresh`: they belong to this text.
 */
interface Published {
  version: number;
  text: string;
  ours: Diagnostic[];
  syntax: Diagnostic[];
  syntaxFresh: boolean;
  shellcheck: Diagnostic[];
}
const published = new Map<string, Published>();
/** The follow-up that completes a publish (fresh syntax checks and ShellCheck), per document. */
const followUps = new Map<string, NodeJS.Timeout>();
/**
 * On a text this large, the follow-up waits for a pause in typing (its syntax checks run in the worker, but
 * ShellCheck's bookkeeping of thousands of RUNs is on this thread).
 */
const BIG_TEXT_FOLLOW_UP_MS = 150;
/**
 * On a small text the follow-up (dockerfile-utils' syntax checks, a few ms on the thread) waits this long, so a
 * keystroke typed right after a publish is analysed first and makes it moot: run at once, it held every such
 * keystroke up by its own time (back-to-back typing 2.8× the Microsoft server's p95, which does nothing else).
 */
const SMALL_TEXT_FOLLOW_UP_MS = 30;

function send(uri: string, p: Published): void {
  published.set(uri, p);
  void connection.sendDiagnostics({ uri, version: p.version, diagnostics: [...p.syntax, ...p.ours, ...p.shellcheck] });
}

function isCurrent(uri: string, version: number): boolean {
  return documents.get(uri)?.version === version && published.get(uri)?.version === version;
}

/** ShellCheck's findings known now for the published version (running it on new RUNs in the background). */
function shellcheckNow(uri: string, version: number): Diagnostic[] {
  const analysis = analyses.peek(uri, version);
  return analysis ? shellcheck.diagnostics(analysis, settings.rules, () => refreshShellcheck(uri, version)) : [];
}

function refreshShellcheck(uri: string, version: number): void {
  const p = published.get(uri);
  if (!p || !isCurrent(uri, version)) return;
  const sc = shellcheckNow(uri, version);
  if (!sameDiagnostics(sc, p.shellcheck)) send(uri, { ...p, shellcheck: sc });
}

function setSyntax(uri: string, version: number, syntax: Diagnostic[]): void {
  const p = published.get(uri);
  if (!p || !isCurrent(uri, version)) return;
  if (sameDiagnostics(syntax, p.syntax)) p.syntaxFresh = true;
  else send(uri, { ...p, syntax, syntaxFresh: true });
}

function syntaxInline(uri: string, text: string): Diagnostic[] {
  // dockerfile-utils under its own guard: a throw costs its syntax checks only, never our findings.
  return syntaxDiagnostics(text, (error) => thirdParty.report('syntax checks', uri, error));
}

/** Fresh syntax checks and ShellCheck findings for the published version, published only if they differ. */
function followUp(uri: string, version: number): void {
  followUps.delete(uri);
  const p = published.get(uri);
  if (!p || !isCurrent(uri, version)) return;
  const text = p.text;
  // (A small text's publish already has them.)
  if (text.length > WORKER_MIN_CHARS) refreshShellcheck(uri, version);
  if (!settings.editorFeatures || p.syntaxFresh) return;
  if (text.length <= WORKER_MIN_CHARS) {
    setSyntax(uri, version, syntaxInline(uri, text));
    return;
  }
  // A large text: in the worker (it needs seconds on 100 KB); skipped or failed leaves no syntax problems known.
  void editorWorker.syntax(text, () => !isCurrent(uri, version)).then((syntax) => setSyntax(uri, version, syntax ?? []));
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
  const text = document.getText();
  const small = text.length <= WORKER_MIN_CHARS;
  const previous = published.get(uri);
  const sameText = previous?.text === text;
  let edit: EditedLines | undefined;
  const carried = (diagnostics: Diagnostic[]) => {
    if (!previous) return [];
    if (sameText || diagnostics.length === 0) return diagnostics;
    edit ??= editedLines(previous.text, text);
    return carryOver(diagnostics, previous.text, text, edit);
  };
  // The first publish of a small text is complete (the syntax checks take milliseconds); later ones carry the
  // syntax checks over and follow up. ShellCheck's kept results are cheap to look up on a small text.
  const syntaxFresh = !settings.editorFeatures || (sameText && !!previous?.syntaxFresh);
  const inlineSyntax = !previous && small && settings.editorFeatures;
  const next: Published = {
    version,
    text,
    ours,
    syntax: !settings.editorFeatures ? [] : inlineSyntax ? syntaxInline(uri, text) : carried(previous?.syntax ?? []),
    syntaxFresh: syntaxFresh || inlineSyntax,
    shellcheck: small ? [] : carried(previous?.shellcheck ?? []),
  };
  published.set(uri, next);
  if (small) next.shellcheck = shellcheckNow(uri, version);
  send(uri, next);
  clearTimeout(followUps.get(uri));
  followUps.set(
    uri,
    setTimeout(() => followUp(uri, version), small ? SMALL_TEXT_FOLLOW_UP_MS : BIG_TEXT_FOLLOW_UP_MS),
  );
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
  clearTimeout(followUps.get(e.document.uri));
  followUps.delete(e.document.uri);
  published.delete(e.document.uri);
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
