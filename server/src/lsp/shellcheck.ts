// ShellCheck's findings in the editor, off the keystroke path: a publish shows the SC findings of RUNs already
// checked (results are kept per RUN text); ShellCheck runs on the rest once typing pauses (QUIET_MS without a change
// to any document), in the background, and one more publish of the same version merges its results in. A missing binary
// is said once in the log.
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import type { Finding, Severity, SeverityOrOff } from '../core/types';
import { Shellcheck, type ShellcheckScript } from '../core/shellcheck/index';
import type { DocumentAnalysis } from './analysisCache';
import { DIAGNOSTIC_SOURCE } from './convert';

export const SHELLCHECK_WIKI = 'https://www.shellcheck.net/wiki/';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toDiagnostic(finding: Finding): Diagnostic {
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: `${SHELLCHECK_WIKI}${finding.rule}` },
    message: finding.message,
  };
}

/** `layerwise.shellcheck.path` from the settings the client sends; empty: `shellcheck` on PATH. */
export function shellcheckPathSetting(layerwise: unknown): string {
  const value = (layerwise as { shellcheck?: { path?: unknown } } | undefined)?.shellcheck?.path;
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : 'shellcheck';
}

/**
 * ShellCheck's processes run at this scheduling niceness (0 normal … 19 lowest), so they yield the CPU to the
 * thread that answers keystrokes: a 20,000-line file's first check is ~20 s of CPU in two processes, and on two
 * cores they took half the CPU from the next keystrokes' analysis. On an idle CPU they run as fast as before. (The
 * editor worker keeps the normal priority: hovers and other requests on large files run there, under a time budget
 * that a starved thread overran on a busy machine.)
 */
export const BACKGROUND_NICENESS = 10;

/** How long a document must stay unchanged before ShellCheck runs on its changed RUNs. */
export const QUIET_MS = 250;

export class ShellcheckDiagnostics {
  private shellcheck: Shellcheck;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When a document last changed (any document): ShellCheck starts only after QUIET_MS without one. */
  private lastActivity = 0;

  constructor(private readonly log: (message: string) => void) {
    this.shellcheck = new Shellcheck('shellcheck', log, { niceness: BACKGROUND_NICENESS });
  }

  /** A new binary starts with no kept results (another version may report differently). */
  setBinary(binary: string): void {
    if (binary !== this.shellcheck.binary) this.shellcheck = new Shellcheck(binary, this.log, { niceness: BACKGROUND_NICENESS });
  }

  /**
   * The SC diagnostics known now for this analysis. When some RUNs are not checked yet, ShellCheck runs on them
   * after QUIET_MS (unless a newer version of the document comes first) and `republish` is called once they are
   * (it must check that the version is still current).
   */
  diagnostics(analysis: DocumentAnalysis, severities: Readonly<Record<string, SeverityOrOff>>, republish: () => void): Diagnostic[] {
    // The configuration the analysis read (not a second lookup on disk per keystroke).
    const options = { config: analysis.options.config, severities };
    const shellcheck = this.shellcheck;
    const { findings, pending } = shellcheck.cachedFindings(analysis.model, options);
    clearTimeout(this.timers.get(analysis.uri));
    this.timers.delete(analysis.uri);
    this.lastActivity = performance.now();
    if (pending.length > 0) this.runWhenQuiet(analysis.uri, shellcheck, pending, republish);
    return findings.map(toDiagnostic);
  }

  /**
   * Starting ShellCheck (a process spawn) costs the server's thread milliseconds: it waits until no document has
   * changed for QUIET_MS, so typing in one document is not held up by another's pending checks.
   */
  private runWhenQuiet(uri: string, shellcheck: Shellcheck, pending: ShellcheckScript[], republish: () => void): void {
    const wait = Math.max(0, this.lastActivity + QUIET_MS - performance.now());
    this.timers.set(
      uri,
      setTimeout(
        () => {
          if (performance.now() - this.lastActivity < QUIET_MS) {
            this.runWhenQuiet(uri, shellcheck, pending, republish);
            return;
          }
          this.timers.delete(uri);
          void shellcheck.check(pending).then(() => {
            // Republish only when this run produced results: a missing binary leaves nothing to show.
            if (shellcheck === this.shellcheck && !shellcheck.unavailable) republish();
          });
        },
        Math.max(1, wait),
      ),
    );
  }

  /** The document was closed: nothing left to check for it. */
  forget(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
  }
}
