// Code actions for our findings: each rule's fixes (quickfix), "Prove this fix" beside each (trusted workspaces
// on disk), "ignore this rule here", "show documentation", and `source.fixAll.layerwise` for the safe subset.
import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentAnalysis } from './analysisCache';
import type { Finding, FixProposal, Range } from '../core/types';
import { DIAGNOSTIC_SOURCE } from './convert';
import { ClientCommands, fixActionKind, proveActionKind, type ProofVerdict, type ProveFixArgs } from '../../../common/protocol';
import { ignorePragmaEdit } from '../core/fix/ignorePragma';
import { formatBytes } from '../../../common/format';
import * as l10n from '../core/l10n';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.layerwise`;

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

export function fixToEdit(uri: string, document: TextDocument, fix: FixProposal): WorkspaceEdit {
  if (!fix.createFiles?.length) return { changes: { [uri]: fix.edits } };
  const folder = uri.slice(0, uri.lastIndexOf('/') + 1);
  return {
    documentChanges: [
      ...fix.createFiles.flatMap((f) => [
        { kind: 'create' as const, uri: folder + f.path, options: { ignoreIfExists: true } },
        {
          textDocument: { uri: folder + f.path, version: null },
          edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: f.content }],
        },
      ]),
      ...(fix.edits.length ? [{ textDocument: { uri, version: document.version }, edits: fix.edits }] : []),
    ],
  };
}

function sameFinding(diagnostic: Diagnostic, finding: Finding): boolean {
  return (
    diagnostic.source === DIAGNOSTIC_SOURCE &&
    diagnostic.code === finding.rule &&
    diagnostic.range.start.line === finding.range.start.line &&
    diagnostic.range.start.character === finding.range.start.character
  );
}

/** What the lightbulb says of a proven fix: the measured saving, or that the proof found it wanting. */
export function provenTitle(title: string, proof: ProofVerdict): string {
  switch (proof.verdict) {
    case 'as-claimed':
      return proof.bytesSaved !== undefined && proof.bytesSaved > 0
        ? l10n.t('{0} (proven: saves {1})', title, formatBytes(proof.bytesSaved))
        : l10n.t('{0} (proven)', title);
    case 'class-violated':
      return l10n.t('{0} (proof: changes more than its class says)', title);
    case 'fix-breaks-build':
      return l10n.t('{0} (proof: does not build)', title);
    default:
      return title;
  }
}

export interface Proofs {
  /** The workspace is trusted, the document on disk and an engine configured: "Prove this fix" is offered. */
  canProve: boolean;
  /** The verdict of an earlier proof of this fix on this very text. */
  provenOf(fix: FixProposal): ProofVerdict | undefined;
}

export function quickFixes(
  params: CodeActionParams,
  document: TextDocument,
  analysis: DocumentAnalysis,
  savingsOf: (finding: Finding) => number | undefined = () => undefined,
  proofs?: Proofs,
): CodeAction[] {
  const uri = params.textDocument.uri;
  const only = params.context.only;
  const actions: CodeAction[] = [];
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix));
  if (wantsQuickFix) {
    for (const finding of analysis.findings) {
      if (!overlaps(finding.range, params.range)) continue;
      const diagnostic = params.context.diagnostics.find((d) => sameFinding(d, finding));
      const diagnostics = diagnostic ? [diagnostic] : undefined;
      const saved = savingsOf(finding);
      finding.fixes.forEach((fix, i) => {
        const proof = proofs?.provenOf(fix);
        // A proof measured this very edit; the image analysis measured the layers the first fix merges.
        const withSavings = proof
          ? provenTitle(fix.title, proof)
          : i === 0 && saved
            ? l10n.t('{0} (saves {1})', fix.title, formatBytes(saved))
            : fix.title;
        actions.push({
          title: fix.safe ? withSavings : l10n.t('{0} (changes the build)', withSavings),
          // The rule in the kind: how the Analyze report's "Apply fix" finds this action (see fixActionKind).
          kind: fixActionKind(finding.rule),
          diagnostics,
          isPreferred: i === 0 && fix.safe,
          edit: fixToEdit(uri, document, fix),
        });
        if (proofs?.canProve) {
          const args: ProveFixArgs = {
            uri,
            version: document.version,
            rule: finding.rule,
            line: finding.range.start.line,
            character: finding.range.start.character,
            fixIndex: i,
          };
          const title = l10n.t('Prove this fix on your build: {0}', fix.title);
          actions.push({
            title,
            kind: proveActionKind(finding.rule),
            diagnostics,
            command: { title, command: ClientCommands.proveFix, arguments: [args] },
          });
        }
      });
      actions.push({
        title: l10n.t('Ignore {0} for this instruction', finding.rule),
        kind: CodeActionKind.QuickFix,
        diagnostics,
        edit: { changes: { [uri]: [ignorePragmaEdit(analysis.model, finding.range.start.line, finding.rule)] } },
      });
      actions.push({
        title: l10n.t('Show documentation for {0}', finding.rule),
        kind: CodeActionKind.QuickFix,
        diagnostics,
        command: {
          title: l10n.t('Show documentation for {0}', finding.rule),
          command: ClientCommands.showRuleDocumentation,
          arguments: [finding.rule],
        },
      });
    }
  }
  return actions;
}

/** One edit that turns `before` into `after`, trimmed to the lines that differ (keeps the cursor stable). */
export function minimalEdit(document: TextDocument, after: string): TextEdit[] {
  const before = document.getText();
  if (before === after) return [];
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length,
    endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) {
    endBefore--;
    endAfter--;
  }
  return [{ range: { start: document.positionAt(start), end: document.positionAt(endBefore) }, newText: after.slice(start, endAfter) }];
}
