// Applies fixes to a text until nothing changes: the engine behind `layerwise fix` and `source.fixAll`.
// Each round takes the first eligible fix of every finding, skips fixes whose edits overlap an
// already-chosen one (the next round picks them up on the re-parsed text) and stops after a bound.
import { parseDockerfile, lineStartOffsets } from '../model/dockerfileModel';
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

/** Applies non-overlapping edits to a text (edits in any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = lineStartOffsets(text);
  const spans = edits
    .map((e) => ({
      from: offsetOf(starts, text, e.range.start.line, e.range.start.character),
      to: offsetOf(starts, text, e.range.end.line, e.range.end.character),
      newText: e.newText,
    }))
    .sort((a, b) => a.from - b.from || a.to - b.to);
  // One pass over the text: thousands of edits on a large file stay linear.
  const parts: string[] = [];
  let at = 0;
  for (const s of spans) {
    const from = Math.max(s.from, at);
    parts.push(text.slice(at, from), s.newText);
    at = Math.max(at, s.to);
  }
  parts.push(text.slice(at));
  return parts.join('');
}

interface Span {
  from: number;
  to: number;
}

/** First index in `taken` (sorted by `from`) whose span starts after `offset`. */
function upperBound(taken: readonly Span[], offset: number): number {
  let low = 0,
    high = taken.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (taken[mid].from <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Whether a span touches or overlaps one already taken (taken spans never overlap each other). */
function overlapsTaken(taken: readonly Span[], s: Span): boolean {
  const k = upperBound(taken, s.to);
  return k > 0 && taken[k - 1].to >= s.from;
}

function take(taken: Span[], s: Span): void {
  taken.splice(upperBound(taken, s.from), 0, s);
}

export function applyFixes(text: string, options: ApplyFixesOptions = {}): ApplyFixesResult {
  const applied: Record<string, number> = {};
  const createFiles: ApplyFixesResult['createFiles'] = [];
  let current = text;
  for (let round = 0; round < (options.maxRounds ?? 10); round++) {
    const findings = analyzeModel(parseDockerfile(current), options);
    const starts = lineStartOffsets(current);
    const taken: Span[] = [];
    const chosen: TextEdit[] = [];
    for (const finding of findings) {
      if (options.onlyRules && !options.onlyRules.includes(finding.rule)) continue;
      const fix = finding.fixes.find((f) => f.safe || options.unsafe);
      if (!fix) continue;
      // A fix that only creates files (.dockerignore) counts once, not once per round.
      if (fix.edits.length === 0 && (fix.createFiles ?? []).every((f) => createFiles.some((c) => c.path === f.path))) continue;
      const spans = fix.edits.map((e) => ({
        from: offsetOf(starts, current, e.range.start.line, e.range.start.character),
        to: offsetOf(starts, current, e.range.end.line, e.range.end.character),
      }));
      // Touching spans count as overlapping: two insertions at one offset would interleave.
      if (spans.some((s) => overlapsTaken(taken, s))) continue;
      for (const s of spans) take(taken, s);
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
