// The text table `layerwise layers --format text` prints, in the size wording the lenses use (core/format).
import type { LayerReport } from './layerReport';
import { formatBytes as formatSize } from '../../../../common/format';

const clip = (text: string, width: number): string => (text.length > width ? text.slice(0, width - 1) + '…' : text);

export function formatLayerTable(report: LayerReport, lines: string[]): string {
  const rows = report.layers.map((layer) => {
    const size = !layer.matched
      ? 'changed since build'
      : layer.instruction === 'FROM'
        ? `${formatSize(layer.sizeBytes ?? 0)} (base)`
        : layer.emptyLayer
          ? 'metadata only'
          : formatSize(layer.sizeBytes ?? 0);
    return [String(layer.line), size, clip((lines[layer.line - 1] ?? '').trim(), 70)];
  });
  const header = ['LINE', 'SIZE', 'INSTRUCTION'];
  const widths = [0, 1].map((c) => Math.max(header[c].length, ...rows.map((r) => r[c].length)));
  const fmt = (r: string[]) => `${r[0].padStart(widths[0])}  ${r[1].padEnd(widths[1])}  ${r[2]}`.trimEnd();
  const image = report.image;
  // The reference the user gave (`--image`), not whichever tag the engine lists first.
  const summary = `image ${image.ref} · ${formatSize(image.sizeBytes)} · ${image.layerCount} layers${image.created ? ` · built ${image.created}` : ''}`;
  return [summary, fmt(header), ...rows.map(fmt)].join('\n') + '\n';
}
