// The `layerwise/proveFix` request behind the "Prove this fix" code action: builds the Dockerfile as it is and
// with exactly one fix (core/proof), with work-done progress and cancellation, only in a trusted workspace on
// disk. The verdict is remembered per (document text, fixed text) so the fix's lightbulb title can carry it,
// and the on-disk proof cache (per context digest and engine) spares the builds next time.
import * as path from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createHash } from 'node:crypto';
import type { WorkspaceEngine } from './engineSession';
import type { AnalysisCache } from './analysisCache';
import { documentPath } from './settings';
import { fixToEdit } from './codeActions';
import { proveFix, ProofError, type ProofEvidence } from '../core/proof/proveFix';
import { ProofCache } from '../core/proof/proofCache';
import { formatProof } from '../core/proof/textReport';
import { applyEdits } from '../core/fix/applyFixes';
import { classifyEngineError } from '../core/engine/engineErrors';
import { proveFixRequest, type ProofVerdict, type ProveFixResult } from '../../../common/protocol';
import type { FixProposal } from '../core/types';
import * as l10n from '../core/l10n';

/** The verdict in short, from the evidence of a one-fix proof. */
export function verdictOf(evidence: ProofEvidence, smokeCommand?: string): ProofVerdict {
  const v = evidence.variants.find((x) => x.name === 'fixed');
  const fsum = v?.filesystem;
  const cache = evidence.cache;
  return {
    verdict: evidence.verdict,
    claim: v?.claim ?? 'safe',
    summary: evidence.summary,
    bytesSaved: v?.bytesSaved,
    layersSaved: v?.layersSaved,
    pathsChanged: fsum ? fsum.added + fsum.removed + fsum.changed : undefined,
    packagesRemoved: v?.packages?.removed,
    packagesAdded: v?.packages?.added,
    risky: v?.packages?.risky.map((r) => ({ name: r.name, why: r.why })),
    configChanged: v?.config?.map((c) => c.field),
    cache: cache
      ? cache.holds === true
        ? l10n.t('after a source-only edit the install step is reused')
        : cache.holds === false
          ? l10n.t('after a source-only edit the install step still re-runs')
          : cache.note
      : undefined,
    smoke: v?.smoke && smokeCommand ? { command: smokeCommand, same: v.smoke.same } : undefined,
    fromCache: evidence.fromCache,
  };
}

const MAX_REMEMBERED = 200;

/** Verdicts of the proofs run in this session, by the document text and the text the fix gives. */
export class ProvenFixes {
  private readonly verdicts = new Map<string, ProofVerdict>();

  private static key(text: string, fixedText: string): string {
    return createHash('sha256').update(text).update('\0').update(fixedText).digest('hex');
  }

  remember(text: string, fixedText: string, proof: ProofVerdict): void {
    if (this.verdicts.size >= MAX_REMEMBERED) this.verdicts.delete(this.verdicts.keys().next().value!);
    this.verdicts.set(ProvenFixes.key(text, fixedText), proof);
  }

  /** The verdict for `fix` on this text, if it was proven. */
  of(text: string, fix: FixProposal): ProofVerdict | undefined {
    if (this.verdicts.size === 0) return undefined;
    return this.verdicts.get(ProvenFixes.key(text, applyEdits(text, fix.edits)));
  }
}

/** `layerwise.proof.smokeCommand` from the settings the client pushes: a non-empty string, else none. */
export function smokeCommandSetting(layerwise: unknown): string | undefined {
  const value = (layerwise as { proof?: { smokeCommand?: unknown } } | undefined)?.proof?.smokeCommand;
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 1000) : undefined;
}

export function registerProveFix(
  connection: Connection,
  session: WorkspaceEngine,
  documents: TextDocuments<TextDocument>,
  analyses: AnalysisCache,
  proven: ProvenFixes,
  /** `layerwise.proof.smokeCommand`, read when a proof starts (undefined: none). */
  smokeCommandSetting: () => string | undefined = () => undefined,
): void {
  const diskCache = new ProofCache<ProofEvidence>();
  connection.onRequest(proveFixRequest, async (params, token): Promise<ProveFixResult> => {
    if (session.isVirtualWorkspace)
      return { ok: false, message: l10n.t('Proving a fix needs the Docker engine, which is not used in a virtual workspace.') };
    if (!session.isTrusted)
      return { ok: false, message: l10n.t('Proving a fix builds your Dockerfile, which waits until you trust this workspace.') };
    const engine = session.engine?.connection;
    if (!engine) return { ok: false, message: l10n.t('No Docker engine is configured.') };
    const document = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
    const file = document ? documentPath(document.uri) : undefined;
    if (!document || !file) return { ok: false, message: l10n.t('Only a Dockerfile saved on disk can be built and proven.') };
    if (document.version !== params.version)
      return { ok: false, message: l10n.t('The Dockerfile changed since this fix was offered: open the lightbulb again.') };
    const finding = analyses
      .get(document)
      .findings.find((f) => f.rule === params.rule && f.range.start.line === params.line && f.range.start.character === params.character);
    const fix = finding?.fixes[params.fixIndex];
    if (!fix) return { ok: false, message: l10n.t('This fix is no longer offered here: open the lightbulb again.') };

    const text = document.getText();
    const smokeCommand = smokeCommandSetting();
    const workDone = connection.window.attachWorkDoneProgress(params.workDoneToken);
    const controller = new AbortController();
    const cancel = token.onCancellationRequested(() => controller.abort());
    workDone.begin(l10n.t('Proving "{0}"', fix.title), undefined, l10n.t('starting…'), true);
    try {
      const evidence = await proveFix({
        docker: engine.streaming,
        dockerfile: file,
        text,
        context: path.dirname(file),
        fix: { rule: finding!.rule, safe: fix.safe, edits: fix.edits, createFiles: fix.createFiles },
        build: { endpoint: engine.endpoint },
        cache: diskCache,
        smokeCommand,
        engineName: engine.endpoint.url,
        signal: controller.signal,
        onProgress: (message) => workDone.report(message),
      });
      const proof = verdictOf(evidence, smokeCommand);
      proven.remember(text, applyEdits(text, fix.edits), proof);
      return { ok: true, title: fix.title, proof, report: formatProof(evidence), edit: fixToEdit(document.uri, document, fix) };
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, cancelled: true, message: l10n.t('The proof was cancelled.') };
      if (error instanceof ProofError) return { ok: false, message: error.message };
      const failure = classifyEngineError(error, engine.endpoint);
      connection.console.error(`Proving ${params.rule} on ${file} failed: ${failure.detail}`);
      return { ok: false, message: failure.message };
    } finally {
      cancel.dispose();
      workDone.done();
    }
  });
}
