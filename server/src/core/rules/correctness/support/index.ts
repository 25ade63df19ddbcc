// Small helpers shared by the correctness rules: ranges, casing, stages, variables, "did you mean".
import type { Instruction, PropertyInstruction } from '../../../model/syntax/index';
import type { DockerfileModel } from '../../../model/dockerfileModel';
import type { Severity, TextEdit } from '../../../types';
import type { Report } from '../../rule';

/**
 * A report weaker than its rule's default (e.g. root-user's "no USER at all" hint). analyzeModel honours
 * `severity` unless the user configured the rule's severity explicitly.
 */
export interface SeverityReport extends Report {
  severity?: Severity;
}

/** Args BuildKit defines itself: usable in FROM and in stages without an ARG declaration. */
export const BUILTIN_ARGS = new Set([
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETSTAGE',
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
  'SOURCE_DATE_EPOCH',
  'BUILDKIT_INLINE_CACHE',
  'BUILDKIT_SYNTAX',
  'BUILDKIT_CACHE_MOUNT_NS',
  'BUILDKIT_MULTI_PLATFORM',
  'BUILDKIT_SANDBOX_HOSTNAME',
  'BUILDKIT_CONTEXT_KEEP_GIT_DIR',
  'BUILDKIT_DOCKERFILE_CHECK',
]);

export function isAllUpper(s: string): boolean {
  return s === s.toUpperCase();
}
export function isAllLower(s: string): boolean {
  return s === s.toLowerCase();
}

/** `word` in the casing of `like` (upper when `like` is all upper, else lower). */
export function recaseLike(word: string, like: string): string {
  return isAllUpper(like) ? word.toUpperCase() : word.toLowerCase();
}

export function byKeyword(instructions: readonly Instruction[], ...keywords: string[]): Instruction[] {
  return instructions.filter((i) => keywords.includes(i.getKeyword()));
}

/** The text an instruction spans, continuation lines included. */
export function instructionText(model: DockerfileModel, instruction: Instruction): string {
  // Line breaks as `\n` whatever the file uses, so rules' patterns need not care about CRLF.
  const text = instruction.getTextContent();
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Removes the whole lines an instruction occupies, line terminator included. */
export function deleteInstruction(model: DockerfileModel, instruction: Instruction): TextEdit {
  const r = instruction.getRange();
  const last = r.end.line + 1 < model.lines.length;
  return {
    range: {
      start: { line: r.start.line, character: 0 },
      end: last ? { line: r.end.line + 1, character: 0 } : { line: r.end.line, character: model.lines[r.end.line].length },
    },
    newText: '',
  };
}

/** Levenshtein distance, bounded: stops early once above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, current[j]);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length];
}

/** The candidate closest to `name` (case-insensitive), if it is a plausible typo of it. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const limit = name.length <= 3 ? 1 : 2;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Names declared by ARG instructions before the first FROM (the only ones FROM can use). */
export function globalArgs(model: DockerfileModel): Map<string, { hasDefault: boolean }> {
  const out = new Map<string, { hasDefault: boolean }>();
  const firstFrom = model.stages[0]?.from.getRange().start.line ?? Infinity;
  for (const instruction of model.instructions) {
    if (instruction.getRange().start.line >= firstFrom) break;
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const p of (instruction as PropertyInstruction).getProperties()) {
      out.set(p.getName(), { hasDefault: p.getValue() !== null });
    }
  }
  return out;
}
