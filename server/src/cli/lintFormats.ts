// Output formats of `layerwise lint` for people (text with code frames) and for code scanning (SARIF).
import type { FileFindings } from './lintFile';
import type { Rule } from '../core/rules/rule';
import type { Severity } from '../core/types';
import { SYNTAX_RULE_ID } from '../core/config/syntaxChecks';
import { sarifLog } from '../core/sarif';
import { escapeControlChars, escapeControlCharsInline } from '../../../common/text/escape';

/**
 * Dockerfile text as a terminal may show it: control characters (ESC, OSC 52 clipboard writes, C1, bidi
 * overrides) as visible escapes, and bytes that were not UTF-8 (see dockerfileBytes.ts) as `\xNN`.
 */
function shown(text: string, escape: (text: string) => string = escapeControlChars): string {
  return escape(text).replace(/(?<![\ud800-\udbff])[\udc80-\udcff]/g, (ch) => `\\x${(ch.charCodeAt(0) - 0xdc00).toString(16)}`);
}

const COLOR: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };

export function formatText(results: FileFindings[], color: boolean): string {
  const paint = (s: string, c: string) => (color ? `${c}${s}\x1b[0m` : s);
  let out = '';
  let total = 0;
  for (const { file, findings, lines } of results) {
    for (const f of findings) {
      total++;
      const line = f.range.start.line;
      out += `${shown(file, escapeControlCharsInline)}:${line + 1}:${f.range.start.character + 1}: ${paint(f.severity, COLOR[f.severity])} ${escapeControlChars(f.message)} [${f.rule}]\n`;
      // Code frame: the line before, the line itself with a caret under the finding, the line after. The caret is
      // placed by the escaped text's width, so it stays under the finding when control characters widen the line.
      for (let l = Math.max(0, line - 1); l <= Math.min(lines.length - 1, line + 1); l++) {
        const raw = lines[l].length > 200 ? lines[l].slice(0, 200) : lines[l];
        out += `${l === line ? '>' : ' '} ${String(l + 1).padStart(4)} | ${shown(raw)}${raw.length < lines[l].length ? '…' : ''}\n`;
        if (l === line) {
          const start = Math.min(f.range.start.character, raw.length);
          const end = f.range.end.line === line ? Math.min(f.range.end.character, raw.length) : raw.length;
          const indent = shown(raw.slice(0, start)).length;
          const width = Math.max(1, shown(raw.slice(start, end)).length);
          out += `       | ${' '.repeat(Math.min(indent, 200))}${paint('^'.repeat(Math.min(width, 200)), COLOR[f.severity])}\n`;
        }
      }
      if (f.fixes.length)
        out += `       fix: ${f.fixes.map((x) => escapeControlChars(x.title) + (x.safe ? '' : ' (unsafe)')).join('; ')}\n`;
      out += '\n';
    }
  }
  const bySeverity = (['error', 'warning', 'info', 'hint'] as const)
    .map((severity) => [severity, results.reduce((n, r) => n + r.findings.filter((f) => f.severity === severity).length, 0)] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}${n === 1 || severity === 'info' ? '' : 's'}`);
  out += `${total} problem${total === 1 ? '' : 's'}${bySeverity.length ? ` (${bySeverity.join(', ')})` : ''} in ${results.length} file${results.length === 1 ? '' : 's'}\n`;
  return out;
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** ShellCheck's codes (SC2086) are not in the rule list: their results carry no index. */
function ruleIndexOf(id: string, rules: readonly Rule[]): number | undefined {
  if (id === SYNTAX_RULE_ID) return rules.length;
  const index = rules.findIndex((r) => r.meta.id === id);
  return index >= 0 ? index : undefined;
}

export function formatSarif(results: FileFindings[], rules: readonly Rule[]) {
  return sarifLog(
    [
      ...rules.map((r) => ({
        id: r.meta.id,
        shortDescription: { text: r.meta.summary },
        helpUri: `https://github.com/layerwise/layerwise/blob/main/docs/rules/${r.meta.id}.md`,
        // An opt-in rule is off until configured: code scanning shows it as disabled, not at its level.
        defaultConfiguration: { level: SARIF_LEVEL[r.meta.severity], ...(r.meta.optIn ? { enabled: false } : {}) },
        properties: { tags: r.meta.tags, aliases: r.meta.aliases },
      })),
      {
        id: SYNTAX_RULE_ID,
        shortDescription: { text: 'Dockerfile syntax errors (dockerfile-utils validation).' },
        defaultConfiguration: { level: 'error' },
        properties: { tags: ['correctness'], aliases: [] },
      },
    ],
    results.flatMap(({ file, findings }) =>
      findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: ruleIndexOf(f.rule, rules),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: file.replace(/\\/g, '/') },
              region: {
                startLine: f.range.start.line + 1,
                startColumn: f.range.start.character + 1,
                endLine: f.range.end.line + 1,
                endColumn: f.range.end.character + 1,
              },
            },
          },
        ],
      })),
    ),
    { columnKind: 'utf16CodeUnits' },
  );
}
