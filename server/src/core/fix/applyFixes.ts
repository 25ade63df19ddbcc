// Applies fixes to a text until nothing changes: the engine behind `layerwise fix` and `source.fixAll`.
// Each round takes the first eligible fix of every finding, skips fixes whose edits overlap an
// already-chosen one (the next round picks them up on the re-parsed text) and stops after a bound.
import { parseDockerfile } from '../model/dockerfileModel';
import { analyzeModel, AnalyzeOptions } from '../analyze';
import type { TextEdit } from '../types';

export interface ApplyFixesOptions extends AnalyzeOptions {
  /** Also apply fixes that change the build (multi-stage conversion, COPY reordering). */
  unsafe?: boolean;
  /** Only fixes of these rule ids. */
  onlyRules?: readonly string[];
  maxRounds?: number;
}

export interface ApplyFixesResult {
  text: string;
  /** How many fixes were applied, per rule id. */
  applied: Record<string, number>;
  /** Files the fixes want created next to the Dockerfile (e.g. `.dockerignore`). */
  createFiles: { path: string; content: string }[];
}

function offsetOf(lineStarts: number[], text: string, line: number, character: number): number {
  if (line >= lineStarts.length) return text.length;
  return Math.min(lineStarts[line] + character, line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length);
}

export function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) { if (text.charCodeAt(i + 1) === 10) i++; starts.push(i + 1); }
  }
  return starts;
}

/** Applies non-overlapping edits to a text (edits in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStartOffsets(text);
  const spans = edits
    .map((e) => ({ from: offsetOf(starts, text, e.range.start.line, e.range.start.character), to: offsetOf(starts, text, e.range.end.line, e.range.end.character), newText: e.newText }))
    .sort((a, b) => b.from - a.from || b.to - a.to);
  let out = text;
  for (const s of spans) out = out.slice(0, s.from) + s.newText + out.slice(s.to);
  return out;
}

export function applyFixes(text: string, options: ApplyFixesOptions = {}): ApplyFixesResult {
  const applied: Record<string, number> = {};
  const createFiles: ApplyFixesResult['createFiles'] = [];
  let current = text;
  for (let round = 0; round < (options.maxRounds ?? 10); round++) {
    const findings = analyzeModel(parseDockerfile(current), options);
    const starts = lineStartOffsets(current);
    const taken: { from: number; to: number }[] = [];
    const chosen: TextEdit[] = [];
    for (const finding of findings) {
      if (options.onlyRules && !options.onlyRules.includes(finding.rule)) continue;
      const fix = finding.fixes.find((f) => f.safe || options.unsafe);
      if (!fix) continue;
      // A fix that only creates files (.dockerignore) counts once, not once per round.
      if (fix.edits.length === 0 && (fix.createFiles ?? []).every((f) => createFiles.some((c) => c.path === f.path))) continue;
      const spans = fix.edits.map((e) => ({ from: offsetOf(starts, current, e.range.start.line, e.range.start.character), to: offsetOf(starts, current, e.range.end.line, e.range.end.character) }));
      // Touching spans count as overlapping: two insertions at one offset would interleave.
      if (spans.some((s) => taken.some((t) => s.from <= t.to && t.from <= s.to))) continue;
      taken.push(...spans);
      chosen.push(...fix.edits);
      for (const file of fix.createFiles ?? []) if (!createFiles.some((f) => f.path === file.path)) createFiles.push(file);
      applied[finding.rule] = (applied[finding.rule] ?? 0) + 1;
    }
    if (chosen.length === 0) break;
    const next = applyEdits(current, chosen);
    if (next === current) break;
    current = next;
  }
  return { text: current, applied, createFiles };
}
