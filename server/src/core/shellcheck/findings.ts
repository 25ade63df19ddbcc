// ShellCheck's comments as findings: placed at their exact line and column in the Dockerfile (through the
// script's line origins and the RUN text's offset map), with the severity and suppressions the user chose.
// Findings are named by their code (`SC2086`), as hadolint names them, so `.hadolint.yaml` `ignored: [SC2086]`,
// `override`, `# hadolint ignore=SC2086` pragmas and `layerwise.rules` settings all take the code as written.
import type { DockerfileModel } from '../model/dockerfileModel';
import { positionAt } from '../model/dockerfileModel';
import { stageContaining } from '../model/stages';
import type { Finding, Position, Range, Severity, SeverityOrOff } from '../types';
import type { LintConfig } from '../config/hadolintConfig';
import type { Pragmas } from '../config/pragmas';
import type { ShellcheckComment } from './runner';
import type { ShellcheckScript } from './script';

/** The id that switches every ShellCheck finding off or sets their severity (`layerwise.rules`, `ignored`). */
export const SHELLCHECK_RULE_ID = 'shellcheck';

const LEVELS: Record<ShellcheckComment['level'], Severity> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

export interface ShellcheckSettings {
  config?: LintConfig;
  /** Per-rule severities (the editor's or the CLI's), by SC code or `shellcheck` for all of them. */
  severities?: Readonly<Record<string, SeverityOrOff>>;
  pragmas?: Pragmas;
}

function upper(refs: readonly string[] | undefined): Set<string> {
  return new Set((refs ?? []).map((r) => r.trim().toUpperCase()));
}

/** Whether ShellCheck runs at all under these settings. */
export function shellcheckEnabled(settings: ShellcheckSettings): boolean {
  const ignored = upper(settings.config?.ignored);
  return !ignored.has(SHELLCHECK_RULE_ID.toUpperCase()) && settings.severities?.[SHELLCHECK_RULE_ID] !== 'off';
}

/** Index in `text` of the `column`-th code point (1-based) of the line starting at `lineStart`, clamped to that line. */
function indexAtColumn(text: string, lineStart: number, column: number): number {
  let i = lineStart;
  for (let c = 1; c < column && i < text.length && text.charCodeAt(i) !== 10; c++) {
    const code = text.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff && i + 1 < text.length ? 2 : 1;
  }
  return i;
}

/** A script position (1-based line and column) as an index in the RUN's text; undefined on a line we added. */
function sourceIndex(script: ShellcheckScript, line: number, column: number): number | undefined {
  const origin = script.lineOrigin(line);
  return origin < 0 ? undefined : indexAtColumn(script.source.text, origin, column);
}

export function commentRange(model: DockerfileModel, script: ShellcheckScript, comment: ShellcheckComment): Range | undefined {
  const { offsets } = script.source;
  const start = sourceIndex(script, comment.line, comment.column);
  if (start === undefined) return undefined;
  let end = sourceIndex(script, comment.endLine, comment.endColumn) ?? start;
  if (end < start) end = start;
  const startPosition: Position = positionAt(model, offsets[start]);
  // The end just after the last character covered, so a range never stretches over a joined continuation.
  const endPosition: Position = end > start ? positionAt(model, offsets[end - 1] + 1) : startPosition;
  return { start: startPosition, end: endPosition };
}

/** Turns one script's comments into findings, honouring `ignored`, `override`, pragmas and settings. */
export function scriptFindings(
  model: DockerfileModel,
  script: ShellcheckScript,
  comments: readonly ShellcheckComment[],
  settings: ShellcheckSettings,
): Finding[] {
  const ignored = upper([...(settings.config?.ignored ?? []), ...(settings.pragmas?.global ?? [])]);
  const runLine = script.run.getRange().start.line;
  const pragmas = settings.pragmas;
  const here = upper(pragmas?.byInstructionLine.get(runLine));
  const stage = stageContaining(model, script.run);
  for (const p of (stage && pragmas?.byStage.get(stage.index)) ?? []) if (p.fromLine < runLine) for (const r of upper(p.refs)) here.add(r);
  const overrides = new Map<string, SeverityOrOff>();
  for (const [ref, severity] of Object.entries(settings.config?.override ?? {})) overrides.set(ref.toUpperCase(), severity);
  const severities = new Map<string, SeverityOrOff>();
  for (const [ref, severity] of Object.entries(settings.severities ?? {})) severities.set(ref.toUpperCase(), severity);
  const all = severities.get(SHELLCHECK_RULE_ID.toUpperCase()) ?? overrides.get(SHELLCHECK_RULE_ID.toUpperCase());
  const findings: Finding[] = [];
  for (const comment of comments) {
    const code = `SC${comment.code}`;
    if (ignored.has(code) || here.has(code) || here.has(SHELLCHECK_RULE_ID.toUpperCase())) continue;
    const severity = severities.get(code) ?? overrides.get(code) ?? all ?? LEVELS[comment.level] ?? 'warning';
    if (severity === 'off') continue;
    const range = commentRange(model, script, comment);
    if (!range) continue;
    findings.push({ rule: code, severity, range, message: comment.message, fixes: [] });
  }
  return findings;
}
