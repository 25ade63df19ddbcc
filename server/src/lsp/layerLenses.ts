// CodeLenses above instructions: the size of the layer each one produced in the user's engine, a summary on
// line 1, the base image on FROM, "changed since build" where the text no longer matches the image, and what
// each COPY/ADD takes of the build context. Built from plain data so it is testable without an editor.
import type { CodeLens, Command } from 'vscode-languageserver';
import type { DockerfileModel } from '../core/model/dockerfileModel';
import type { LayerMatch } from '../core/engine/matchHistory';
import type { CopySourceCost } from '../core/context/cost';
import type { ContextWalk } from '../core/context/walk';
import type { LayerLookup } from './engineSession';
import type { SharedBase } from '../core/engine/images';
import type { WastePair } from '../../../common/image/types';
import { formatAge } from '../core/engine/images';
import { formatBytes, formatCount } from '../../../common/format';
import { ClientCommands, LayerDetails } from '../../../common/protocol';
import * as l10n from '../core/l10n';
import { escapeControlCharsInline } from '../../../common/text/escape';
import { forecastLenses, withTiming, type TimingLookup } from './timeLenses';
import type { ForecastStep } from '../core/buildRecord/forecast';

const lineRange = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
const files = (n: number) => (n === 1 ? l10n.t('{0} file', formatCount(n)) : l10n.t('{0} files', formatCount(n)));
const lens = (line: number, title: string, command = '', args?: unknown[], tooltip?: string): CodeLens => ({
  range: lineRange(line),
  command: { title, command, arguments: args, ...(tooltip ? { tooltip } : {}) } as Command,
});

/** Lenses of one line share one row above it: a long image reference is shortened in the middle (full in the tooltip). */
const REF_CHARS = 40;
function shortRef(ref: string): string {
  if (ref.length <= REF_CHARS) return ref;
  const keep = REF_CHARS - 1;
  return `${ref.slice(0, Math.ceil(keep / 2))}…${ref.slice(ref.length - Math.floor(keep / 2))}`;
}

export interface LensInputs {
  uri: string;
  model: DockerfileModel;
  lookup: LayerLookup;
  /** Base image ref → how many local images share it (when known). */
  sharedBases: ReadonlyMap<string, SharedBase | undefined>;
  /** Image refs of earlier stages built with --target, by stage index. */
  stageLookups?: ReadonlyMap<number, LayerLookup>;
  context?: { walk: ContextWalk; costs: CopySourceCost[] };
  /** From an "Analyze image" of the linked image: bytes a line wrote that a later line hid. */
  waste?: WastePair[];
  /** Recorded step times and cache use (timeLenses.ts), and the forecast of the next build. */
  timing?: TimingLookup;
  forecast?: ForecastStep[];
}

function statusLenses(inputs: LensInputs): CodeLens[] {
  const { lookup, uri } = inputs;
  switch (lookup.kind) {
    case 'untrusted':
      return [lens(0, l10n.t('Layer sizes: trust this workspace to read the Docker engine'), ClientCommands.manageTrust)];
    case 'virtual-workspace':
      return [lens(0, l10n.t('Layer sizes: not available in a virtual workspace (linting only)'))];
    case 'not-on-disk':
      return [lens(0, l10n.t('Layer sizes: only for a Dockerfile saved on disk'))];
    case 'unreachable':
      return [
        lens(0, l10n.t('Docker engine not reachable —'), '', undefined, lookup.failure.message),
        lens(0, l10n.t('Retry'), ClientCommands.retryEngine),
        lens(0, l10n.t('Configure'), ClientCommands.configureEngine),
      ];
    case 'no-image':
      return [
        lens(0, l10n.t('No image for this Dockerfile:')),
        lens(0, l10n.t('Build image'), ClientCommands.buildImage, [uri]),
        lens(0, l10n.t('Link image…'), ClientCommands.linkImage, [uri]),
      ];
    case 'missing':
      return [
        lens(0, l10n.t('Image {0} is not in the engine:', lookup.ref)),
        lens(0, l10n.t('Build image'), ClientCommands.buildImage, [uri]),
        lens(0, l10n.t('Link image…'), ClientCommands.linkImage, [uri]),
      ];
    case 'invalid-ref':
      return [
        lens(0, l10n.t('Not an image reference: {0}', escapeControlCharsInline(lookup.ref.slice(0, 80)))),
        lens(0, l10n.t('Link image…'), ClientCommands.linkImage, [uri]),
      ];
    case 'ok': {
      const { image } = lookup.report;
      // Short, for the row it shares with the FROM line's base lens; the rest is in the tooltip.
      const summary = l10n.t('image {0} · {1}', shortRef(lookup.ref), formatBytes(image.sizeBytes));
      return [
        lens(
          0,
          image.created ? l10n.t('{0} · built {1}', summary, formatAge(image.created)) : summary,
          ClientCommands.analyzeImage,
          [lookup.ref, uri],
          l10n.t('{0}: {1} layers. Click to see where its bytes go (Analyze image).', lookup.ref, image.layerCount),
        ),
        lens(0, l10n.t('Rebuild'), ClientCommands.buildImage, [uri]),
      ];
    }
  }
}

/** The base lens sits on the FROM line, often line 1 next to the image summary: the reference is named only when the line does not show it. */
function baseTitle(layer: LayerMatch & { sizeBytes: number }, fromText: string | undefined, shared?: SharedBase, baseRef?: string): string {
  const ref = baseRef ?? 'scratch';
  const shown = fromText !== undefined && !fromText.includes('$');
  const base = shown
    ? l10n.t('base {0}', formatBytes(layer.sizeBytes))
    : l10n.t('base {0} · {1}', shortRef(ref), formatBytes(layer.sizeBytes));
  return shared?.sharingImages.length ? l10n.t('{0} · shared', base) : base;
}

function baseTooltip(shared?: SharedBase, baseRef?: string): string {
  const ref = baseRef ?? 'scratch';
  const others = shared?.sharingImages.length;
  if (!others) return ref;
  // The engine was too slow to look at every local image: say what was found as the lower bound it is.
  if (!shared.complete)
    return others === 1
      ? l10n.t('{0}: shared with at least {1} other local image (its layers are stored once)', ref, others)
      : l10n.t('{0}: shared with at least {1} other local images (its layers are stored once)', ref, others);
  return others === 1
    ? l10n.t('{0}: shared with {1} other local image (its layers are stored once)', ref, others)
    : l10n.t('{0}: shared with {1} other local images (its layers are stored once)', ref, others);
}

function layerTitle(layer: LayerMatch, imageBytes: number): string {
  if (!layer.matched || layer.sizeBytes === null) return l10n.t('changed since build');
  if (layer.emptyLayer) return l10n.t('metadata only');
  const percent = imageBytes > 0 ? (100 * layer.sizeBytes) / imageBytes : 0;
  const percentText = percent >= 1 ? `${Math.round(percent)}%` : percent > 0 ? '<1%' : '0%';
  return l10n.t('{0} · {1} of image', formatBytes(layer.sizeBytes), percentText);
}

function layerLenses(inputs: LensInputs, lookup: LayerLookup & { kind: 'ok' }): CodeLens[] {
  const { report, ref } = lookup;
  return report.layers.map((layer) => {
    const keyword = layer.instruction.toUpperCase();
    const line = layer.line - 1;
    const baseRef = keyword === 'FROM' ? report.base?.ref : undefined;
    const shared = baseRef ? inputs.sharedBases.get(baseRef) : undefined;
    const isBase = keyword === 'FROM' && layer.matched && layer.sizeBytes !== null;
    const fromText = isBase ? inputs.model.stages.find((s) => s.from.getRange().start.line === line)?.from.getImage() : undefined;
    const title = isBase
      ? baseTitle(layer as LayerMatch & { sizeBytes: number }, fromText ?? undefined, shared, baseRef)
      : layerTitle(layer, report.image.sizeBytes);
    if (!layer.matched) return lens(line, title);
    const details: LayerDetails = {
      line,
      instruction: keyword,
      createdBy: layer.createdBy ?? '',
      sizeBytes: layer.emptyLayer ? undefined : (layer.sizeBytes ?? undefined),
      layerId: layer.layerId,
      created: layer.created,
      image: ref,
    };
    return withTiming(
      lens(line, title, ClientCommands.showLayerDetails, [details], isBase ? baseTooltip(shared, baseRef) : undefined),
      inputs.timing?.(report.image.id, layer.line, keyword),
    );
  });
}

function stageLenses(inputs: LensInputs): CodeLens[] {
  const { model, uri } = inputs;
  const lenses: CodeLens[] = [];
  for (const stage of model.stages.slice(0, -1)) {
    const line = stage.from.getRange().start.line;
    const lookup = inputs.stageLookups?.get(stage.index);
    if (lookup?.kind === 'ok') {
      lenses.push(
        lens(line, l10n.t('stage image {0} · {1}', lookup.ref, formatBytes(lookup.report.image.sizeBytes)), ClientCommands.analyzeImage, [
          lookup.ref,
          uri,
        ]),
      );
      lenses.push(...layerLenses(inputs, lookup));
    } else if (stage.name && (inputs.lookup.kind === 'no-image' || inputs.lookup.kind === 'missing' || inputs.lookup.kind === 'ok')) {
      lenses.push(lens(line, l10n.t('Build stage "{0}" to see its layer sizes', stage.name), ClientCommands.buildImage, [uri, stage.name]));
    }
  }
  return lenses;
}

function contextLenses(inputs: LensInputs): CodeLens[] {
  if (!inputs.context) return [];
  const { walk, costs } = inputs.context;
  const lenses: CodeLens[] = [];
  // No file-level "build context" total: each COPY/ADD says what it takes, and line 1 has little room.
  const top = walk.topFolders.filter((f) => f.bytes >= 1_000_000).slice(0, 3);
  // A .dockerignore that is a FIFO, a device or huge was not read: the figures above ignore nothing.
  if (walk.dockerignoreProblem) lenses.push(lens(0, l10n.t('.dockerignore not applied: {0}', walk.dockerignoreProblem)));
  for (const folder of top) {
    if (folder.name === '.' || folder.name === '') continue;
    lenses.push(
      lens(
        0,
        l10n.t('Ignore {0} ({1})', folder.name, `${formatBytes(folder.bytes)}${walk.large ? '+' : ''}`),
        ClientCommands.addToDockerignore,
        [inputs.uri, folder.name, walk.root],
        l10n.t('Add {0} to .dockerignore: the build sends it to the engine ({1}).', folder.name, files(folder.files)),
      ),
    );
  }
  for (const cost of costs) {
    if (!cost.fromContext) continue;
    if (cost.unmatched.length > 0) {
      const names = cost.unmatched.map((s) => escapeControlCharsInline(s.slice(0, 60))).join(', ');
      lenses.push(
        lens(
          cost.line - 1,
          l10n.t('context: nothing matches {0}', names),
          '',
          undefined,
          l10n.t('No file of the build context (after .dockerignore) matches: the build fails at this line.'),
        ),
      );
      continue;
    }
    const title = l10n.t('context: {0} · {1}', `${formatBytes(cost.bytes)}${cost.large ? '+' : ''}`, files(cost.fileCount));
    lenses.push(lens(cost.line - 1, cost.unresolved ? l10n.t('{0} (sources use variables)', title) : title));
  }
  return lenses;
}

/** `⚠ 111 MB hidden by line 4` above the line that wrote bytes a later line deleted or overwrote. */
function wasteLenses(inputs: LensInputs): CodeLens[] {
  const byWriter = new Map<number, Map<number, number>>();
  for (const pair of inputs.waste ?? []) {
    if (pair.addedLine === undefined || pair.hiddenLine === undefined || pair.bytes <= 0) continue;
    const hiders = byWriter.get(pair.addedLine) ?? new Map<number, number>();
    hiders.set(pair.hiddenLine, (hiders.get(pair.hiddenLine) ?? 0) + pair.bytes);
    byWriter.set(pair.addedLine, hiders);
  }
  const lenses: CodeLens[] = [];
  for (const [writer, hiders] of byWriter) {
    for (const [hider, bytes] of [...hiders].sort((a, b) => b[1] - a[1])) {
      lenses.push(
        lens(writer - 1, l10n.t('⚠ {0} hidden by line {1}', formatBytes(bytes), hider), ClientCommands.revealLine, [inputs.uri, hider - 1]),
      );
    }
  }
  return lenses;
}

export function computeLenses(inputs: LensInputs): CodeLens[] {
  const lenses = [...statusLenses(inputs), ...contextLenses(inputs), ...wasteLenses(inputs)];
  if (inputs.lookup.kind === 'ok') lenses.push(...layerLenses(inputs, inputs.lookup));
  lenses.push(...stageLenses(inputs));
  lenses.push(...forecastLenses(inputs.forecast));
  return lenses;
}
