// Ties image history entries to the instructions of one Dockerfile stage. The alignment is a longest common
// subsequence of (instructions, history entries) under `instructionMatches`, preferring the latest entries, so
// a line edited, added or removed since the build makes only that line `matched: false` — never a number that
// belongs to other text. Everything below the stage's first instruction (the base image and the ONBUILD
// triggers it ran) is counted on the FROM line.
import type { Instruction } from '../model/syntax/index';
import type { DockerfileModel, Stage } from '../model/dockerfileModel';
import type { EngineHistoryEntry } from './history';
import { parseCreatedBy, type ParsedHistory } from './historyText';
import { DEFAULT_SHELL, instructionMatcher, instructionMatches, shellOf } from './instructionMatch';
import { parseDockerfile } from '../model/dockerfileModel';

export interface LayerMatch {
  /** 1-based line of the instruction. */
  line: number;
  instruction: string;
  /** Bytes of the layer (FROM: the base image's total); null when not matched. */
  sizeBytes: number | null;
  /** The history text of the entry (FROM: of the base's top entry); null when not matched. */
  createdBy: string | null;
  matched: boolean;
  /** The entry made no filesystem layer ("metadata only"). */
  emptyLayer?: boolean;
  layerId?: string;
  created?: string;
  /** FROM only: how many history entries it stands for (base image + ONBUILD triggers it ran). */
  baseEntries?: number;
  /** The builder writes no history for this instruction (BuildKit: ONBUILD): metadata only, nothing to compare. */
  unrecorded?: boolean;
}

/** Metadata instructions BuildKit leaves out of the history: their absence is not an edit. */
const BUILDKIT_UNRECORDED = new Set(['ONBUILD']);

export interface MatchOptions {
  /** Stage to match (default: the final stage). */
  stage?: Stage;
  /** How many of the oldest history entries are the base image's, when the base is known locally (see `baseEntryCount`). */
  baseEntries?: number;
  /** The base image's ONBUILD triggers, which run right after FROM. */
  baseOnBuild?: string[];
  /** The shell RUN uses before any SHELL of the stage (the image's Config.Shell when the stage sets none). */
  initialShell?: string[];
}

/** The number of entries `base` contributes to `image`, when base's history is a prefix of image's; else undefined. */
export function baseEntryCount(image: readonly EngineHistoryEntry[], base: readonly EngineHistoryEntry[]): number | undefined {
  if (base.length > image.length) return undefined;
  for (let i = 0; i < base.length; i++) {
    if (base[i].createdBy !== image[i].createdBy || base[i].sizeBytes !== image[i].sizeBytes) return undefined;
  }
  return base.length;
}

/** Longest common subsequence, traced back from the newest entry so that the latest entries are used. */
function align(count: number, entries: number, same: (i: number, j: number) => boolean): Map<number, number> {
  const width = entries + 1;
  const lcs = new Uint16Array((count + 1) * width); // lcs[i][j]: of the first i instructions and first j entries
  for (let i = 1; i <= count; i++) {
    for (let j = 1; j <= entries; j++) {
      lcs[i * width + j] = same(i - 1, j - 1)
        ? lcs[(i - 1) * width + j - 1] + 1
        : Math.max(lcs[(i - 1) * width + j], lcs[i * width + j - 1]);
    }
  }
  const pairs = new Map<number, number>();
  let i = count;
  let j = entries;
  while (i > 0 && j > 0) {
    if (same(i - 1, j - 1)) pairs.set(--i, --j);
    else if (lcs[i * width + j - 1] === lcs[i * width + j])
      j--; // this entry is not needed: an older one is
    else i--;
  }
  return pairs;
}

function triggersOf(onBuild: string[]): Instruction[] {
  return parseDockerfile(['FROM scratch', ...onBuild].join('\n')).instructions.slice(1);
}

export function matchHistoryToInstructions(
  model: DockerfileModel,
  history: readonly EngineHistoryEntry[],
  options: MatchOptions = {},
): LayerMatch[] {
  const stage = options.stage ?? model.finalStage;
  if (!stage) return [];
  const instructions = stage.instructions.slice(1);
  const parsed: ParsedHistory[] = history.map((h) => parseCreatedBy(h.createdBy));
  const stageSetsShell = instructions.some((i) => i.getKeyword() === 'SHELL');
  let shell = !stageSetsShell && options.initialShell?.length ? options.initialShell : DEFAULT_SHELL;
  const shells = instructions.map((instruction) => {
    const current = shell;
    if (instruction.getKeyword() === 'SHELL') shell = shellOf(instruction, model.lines) ?? shell;
    return current;
  });
  const start = Math.min(options.baseEntries ?? 0, history.length);
  const matchers = instructions.map((instruction, i) => instructionMatcher(instruction, { shell: shells[i], lines: model.lines }));
  const same = (i: number, j: number): boolean => matchers[i](parsed[start + j]);
  const pairs = align(instructions.length, history.length - start, same);

  const buildkit = parsed.slice(start).some((p) => p.builder === 'buildkit') && !parsed.slice(start).some((p) => p.builder === 'classic');
  const results: LayerMatch[] = [];
  results.push(fromLine(stage, history, parsed, start, pairs, options));
  instructions.forEach((instruction, i) => {
    const j = pairs.get(i);
    const base = { line: instruction.getRange().start.line + 1, instruction: instruction.getKeyword() };
    if (j === undefined && buildkit && BUILDKIT_UNRECORDED.has(base.instruction)) {
      results.push({ ...base, sizeBytes: 0, createdBy: null, matched: true, emptyLayer: true, unrecorded: true });
      return;
    }
    if (j === undefined) {
      results.push({ ...base, sizeBytes: null, createdBy: null, matched: false });
      return;
    }
    const entry = history[start + j];
    results.push({
      ...base,
      sizeBytes: entry.sizeBytes,
      createdBy: entry.createdBy,
      matched: true,
      emptyLayer: entry.emptyLayer,
      layerId: entry.layerId,
      created: entry.created,
    });
  });
  return results;
}

/** The FROM line: every entry below the stage's first instruction, when that boundary is certain. */
function fromLine(
  stage: Stage,
  history: readonly EngineHistoryEntry[],
  parsed: ParsedHistory[],
  start: number,
  pairs: Map<number, number>,
  options: MatchOptions,
): LayerMatch {
  const line = { line: stage.from.getRange().start.line + 1, instruction: 'FROM' };
  const firstPaired = pairs.get(0);
  let end: number | undefined;
  if (firstPaired !== undefined) {
    end = start + firstPaired;
    // With a known base, what lies between it and the first instruction must be ONBUILD triggers; anything
    // else is a layer of a line deleted since the build, and must not be added to the base's size.
    if (options.baseEntries !== undefined) {
      const triggers = triggersOf(options.baseOnBuild ?? []);
      const extra = parsed.slice(options.baseEntries, end);
      const allTriggers =
        extra.length <= triggers.length &&
        extra.every((p, k) =>
          instructionMatches(triggers[k], p, { shell: DEFAULT_SHELL, lines: ['FROM scratch', ...(options.baseOnBuild ?? [])] }),
        );
      if (!allTriggers) end = undefined;
    }
  } else if (options.baseEntries !== undefined) {
    // The first instruction changed: count the base and any of its triggers that ran right after it.
    const triggers = triggersOf(options.baseOnBuild ?? []);
    end = options.baseEntries;
    const triggerLines = ['FROM scratch', ...(options.baseOnBuild ?? [])];
    while (
      end < history.length &&
      end - options.baseEntries < triggers.length &&
      instructionMatches(triggers[end - options.baseEntries], parsed[end], { shell: DEFAULT_SHELL, lines: triggerLines })
    )
      end++;
  }
  if (end === undefined) return { ...line, sizeBytes: null, createdBy: null, matched: false };
  if (end === 0) {
    // Nothing below the stage: right for FROM scratch (a known empty base), unprovable otherwise.
    return options.baseEntries === 0
      ? { ...line, sizeBytes: 0, createdBy: null, matched: true, baseEntries: 0 }
      : { ...line, sizeBytes: null, createdBy: null, matched: false };
  }
  const counted = history.slice(0, end);
  const top = counted[counted.length - 1];
  return {
    ...line,
    sizeBytes: counted.reduce((sum, e) => sum + e.sizeBytes, 0),
    createdBy: top.createdBy,
    matched: true,
    layerId: [...counted].reverse().find((e) => e.layerId)?.layerId,
    created: top.created,
    baseEntries: end,
  };
}
