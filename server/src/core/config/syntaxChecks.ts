// Syntax checks come from dockerfile-utils, once. Its checks that our rules cover (with ids, aliases,
// pragmas and fixes) are switched off so nothing is reported twice. The editor (lsp/editorBasics.ts) and
// the CLI should both use this one list.
import { validate, ValidationCode, ValidationSeverity, ValidatorSettings } from 'dockerfile-utils';
import type { Finding, Severity } from '../types';
import { textForSyntaxChecks } from './syntaxCheckText';

export const SYNTAX_ONLY: ValidatorSettings = {
  deprecatedMaintainer: ValidationSeverity.IGNORE, // maintainer-deprecated
  directiveCasing: ValidationSeverity.IGNORE,
  emptyContinuationLine: ValidationSeverity.IGNORE, // empty-continuation
  instructionCasing: ValidationSeverity.IGNORE, // instruction-casing
  instructionCmdMultiple: ValidationSeverity.IGNORE, // multiple-cmd-entrypoint
  instructionEntrypointMultiple: ValidationSeverity.IGNORE, // multiple-cmd-entrypoint
  instructionHealthcheckMultiple: ValidationSeverity.IGNORE, // multiple-cmd-entrypoint
  instructionJSONInSingleQuotes: ValidationSeverity.IGNORE, // json-args-recommended
  instructionWorkdirRelative: ValidationSeverity.IGNORE, // workdir-relative
};

/**
 * dockerfile-utils checks without a setting that a rule covers: their diagnostics are dropped.
 * DUPLICATE_BUILD_STAGE_NAME → duplicate-stage-name (a required rule id; BuildKit's DuplicateStageName check).
 */
export const COVERED_CODES: ReadonlySet<number> = new Set([ValidationCode.DUPLICATE_BUILD_STAGE_NAME]);

/** Whether a dockerfile-utils diagnostic (by its code) is left to our rules. */
export function coveredByRules(code: unknown): boolean {
  return typeof code === 'number' && COVERED_CODES.has(code);
}

interface SyntaxDiagnostic {
  code?: unknown;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * Whether a dockerfile-utils diagnostic of `text` is left to our rules: by its code, or an EXPOSE port with a host
 * part (`127.0.0.1:80:80`), which BuildKit only warns about (ExposeInvalidFormat) and expose-invalid reports, or is
 * no problem at all: a quoted folder destination of COPY/ADD (dockerfile-utils does not unquote it).
 */
export function coveredDiagnostic(diagnostic: SyntaxDiagnostic, text: string): boolean {
  if (coveredByRules(diagnostic.code)) return true;
  if (diagnostic.code !== ValidationCode.INVALID_PORT && diagnostic.code !== ValidationCode.INVALID_DESTINATION) return false;
  const { start, end } = diagnostic.range;
  if (start.line !== end.line) return false;
  const line = text.split(/\r?\n/, start.line + 1)[start.line] ?? '';
  const word = line.slice(start.character, end.character);
  // A quoted folder destination (`COPY a b "dir/"`): BuildKit removes the quotes and sees the trailing slash.
  if (diagnostic.code === ValidationCode.INVALID_DESTINATION) return /^(["'])[^"']*[\\/]\1$/.test(word);
  return /^[^\s:]*:/.test(word);
}

/** The id syntax findings carry: not a rule, so not switched off by pragmas or configuration. */
export const SYNTAX_RULE_ID = 'syntax';

const SEVERITY: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/**
 * dockerfile-utils' syntax problems of a text, minus those our rules report; throws where validate() does. RUN
 * arguments, about which these checks say nothing, are left out of what validate() tokenises (syntaxCheckText.ts)
 * unless `wholeText` (the tests' comparison). The CLI and the language server both check through this.
 */
export function uncoveredSyntaxDiagnostics(text: string, wholeText = false): ReturnType<typeof validate> {
  return validate(wholeText ? text : textForSyntaxChecks(text), SYNTAX_ONLY).filter((d) => !coveredDiagnostic(d, text));
}

/** dockerfile-utils' syntax problems of a text as findings (for the CLI; the server publishes its own). */
export function syntaxFindings(text: string, wholeText = false): Finding[] {
  return uncoveredSyntaxDiagnostics(text, wholeText).map((d) => ({
    rule: SYNTAX_RULE_ID,
    severity: SEVERITY[d.severity ?? 1] ?? 'error',
    range: d.range,
    message: typeof d.message === 'string' ? d.message : String((d.message as { value?: string }).value ?? d.message),
    fixes: [],
  }));
}
