// Ties layers to Dockerfile lines. Aligns the image history from its end against the final stage's
// instructions by instruction keyword (both builders' spellings), stopping at the first disagreement so a
// Dockerfile edited since the build links fewer lines rather than wrong ones. The engine module's
// `matchHistoryToInstructions` compares command text too; this keyword walk is what the analysis needs:
// which layer a line made and where the final stage begins.
import type { DockerfileModel } from '../model/dockerfileModel';
import type { HistoryEntry, ImageConfigSummary } from '../../../../common/image/types';
import type { LayerMatch } from '../engine/matchHistory';
import { KEYWORDS } from '../engine/historyText';

export interface LayerLinks {
  /** Layer index → 1-based line. */
  lines: Map<number, number>;
  /** Layer index → instruction keyword (RUN, COPY…). */
  keywords: Map<number, string>;
  /** Layers before the final stage's first instruction (what FROM brought), when the whole stage aligned. */
  baseLayerCount?: number;
}

/** The instruction a history entry records: classic `/bin/sh -c #(nop)  ENV …`, `|1 A=b /bin/sh -c …` or BuildKit `RUN …`. */
export function historyKeyword(createdBy: string): string | undefined {
  const text = createdBy.trim();
  const nop = /#\(nop\)\s+([A-Z]+)\b/.exec(text);
  if (nop) return KEYWORDS.has(nop[1]) ? nop[1] : undefined;
  const first = /^([A-Z]+)\b/.exec(text)?.[1];
  if (first && KEYWORDS.has(first)) return first;
  // Classic RUN: the command itself, possibly after the build args it saw (`|2 A=1 B=2 /bin/sh -c …`).
  if (/^(\|\d+ .*)?\/bin\/sh -c /.test(text) || text.startsWith('|') || text.startsWith('/')) return 'RUN';
  return undefined;
}

/** Instructions the builders may leave out of the history (BuildKit keeps no ARG entry; ONBUILD of this stage runs later). */
const OPTIONAL = new Set(['ARG', 'ONBUILD', 'MAINTAINER']);

export function linkLayers(model: DockerfileModel, history: readonly HistoryEntry[]): LayerLinks {
  const links: LayerLinks = { lines: new Map(), keywords: new Map() };
  const stage = model.finalStage;
  if (!stage) return links;
  // History index → layer index (only entries that made a layer have one).
  const layerOf: (number | undefined)[] = [];
  let layers = 0;
  for (const entry of history) layerOf.push(entry.emptyLayer ? undefined : layers++);

  const instructions = stage.instructions.slice(1);
  let h = history.length - 1;
  let i = instructions.length - 1;
  while (i >= 0 && h >= 0) {
    const keyword = instructions[i].getKeyword().toUpperCase();
    const recorded = historyKeyword(history[h].createdBy);
    if (recorded === keyword) {
      const layer = layerOf[h];
      if (layer !== undefined) {
        links.lines.set(layer, instructions[i].getRange().start.line + 1);
        links.keywords.set(layer, keyword);
      }
      h--;
      i--;
    } else if (OPTIONAL.has(keyword)) {
      i--;
    } else {
      break;
    }
  }
  // Only a fully aligned stage says where the base ends; skipped optional instructions at the top are fine.
  while (i >= 0 && OPTIONAL.has(instructions[i].getKeyword().toUpperCase())) i--;
  if (i < 0) links.baseLayerCount = layerOf.slice(0, h + 1).filter((l) => l !== undefined).length;
  return links;
}

/**
 * Layer index → line from the text matching of the layer report (`matchHistoryToInstructions`): each matched line's
 * layer id found among the config's diff ids, in order; the FROM line's match gives the base layer count.
 * Undefined when nothing matched.
 */
export function linksFromMatches(matches: readonly LayerMatch[], config: ImageConfigSummary): LayerLinks | undefined {
  const links: LayerLinks = { lines: new Map(), keywords: new Map() };
  const { diffIds, history } = config;
  let next = 0;
  for (const match of matches) {
    if (match.instruction === 'FROM') {
      if (match.matched && match.baseEntries !== undefined && match.baseEntries <= history.length)
        links.baseLayerCount = history.slice(0, match.baseEntries).filter((h) => !h.emptyLayer).length;
      continue;
    }
    if (!match.matched || match.emptyLayer || !match.layerId) continue;
    // Identical layers share a diff id: take the first one above the previous line's layer.
    const index = diffIds.indexOf(match.layerId, next);
    if (index === -1) continue;
    links.lines.set(index, match.line);
    links.keywords.set(index, match.instruction);
    next = index + 1;
  }
  return links.lines.size ? links : undefined;
}
