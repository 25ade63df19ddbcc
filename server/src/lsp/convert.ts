// Our plain findings → LSP diagnostics. The shapes already match; only severity and metadata map.
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/types';
import { rulesById } from '../core/rules/index';
import { formatBytes } from '../../../common/format';

const severityToLsp: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const DIAGNOSTIC_SOURCE = 'layerwise';
export const RULE_DOCS_BASE = 'https://github.com/layerwise/layerwise/blob/main/docs/rules/';

/**
 * Rule messages are written with Markdown code spans (hovers, docs and SARIF render them); the Problems panel and
 * the diagnostic hover show text as is, so the backticks go: a one-word span stays bare, a longer one is quoted.
 */
export function plainMessage(markdown: string): string {
  return markdown.replace(/`([^`\n]+)`/g, (_, code: string) => (/\s/.test(code.trim()) ? `“${code.trim()}”` : code));
}

/** `savedBytes`: what the first fix saves, measured on the linked image (see savings.ts). */
export function findingToDiagnostic(finding: Finding, index: number, savedBytes?: number): Diagnostic {
  const rule = rulesById.get(finding.rule);
  return {
    range: finding.range,
    severity: severityToLsp[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    codeDescription: { href: `${RULE_DOCS_BASE}${finding.rule}.md` },
    message: plainMessage(
      savedBytes ? `${finding.message} Fixing it saves ${formatBytes(savedBytes)} in the current image.` : finding.message,
    ),
    tags: rule?.meta.tags.includes('style') && finding.rule === 'maintainer-deprecated' ? [DiagnosticTag.Deprecated] : undefined,
    // Lets code actions find their finding again without recomputing it.
    data: { index },
  };
}
