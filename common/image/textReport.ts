// The report as text for people: a terminal table (CLI `--format text`) and Markdown (export from the
// editor, CLI `--format markdown`). Strings from the image are hostile: both go through the report redaction,
// the terminal form escapes control characters, Markdown also escapes its own metacharacters.
import { formatBytes } from '../format';
import { escapeControlCharsInline, escapeMarkdownText } from '../text/escape';
import { redactReport } from './redact';
import type { ImageReport } from './types';

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
const oneLine = (text: string, max = 70) => {
  const flat = escapeControlCharsInline(text.replace(/[ \t\r\n]+/g, ' ').trim());
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells
    .map((row) =>
      row
        .map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatText(unredacted: ImageReport): string {
  const report = redactReport(unredacted);
  const t = escapeControlCharsInline;
  const out: string[] = [];
  out.push(
    `Image ${t(report.image)}: ${formatBytes(report.sizeBytes)} stored, ${formatBytes(report.wastedBytes)} wasted, efficiency ${percent(report.efficiency)}`,
  );
  out.push(
    `Above the base (${report.base.layerCount} base layer${report.base.layerCount === 1 ? '' : 's'}, found by ${report.base.how}): ${formatBytes(report.aboveBase.sizeBytes)} stored, ${formatBytes(report.aboveBase.wastedBytes)} wasted, efficiency ${percent(report.aboveBase.efficiency)}`,
  );
  out.push(
    '',
    pad([
      ['#', 'SIZE', 'WASTED', 'LINE', 'CREATED BY'],
      ...report.layers.map((l) => [
        String(l.index) + (l.inBase ? '*' : ''),
        formatBytes(l.sizeBytes),
        formatBytes(l.wastedBytes),
        l.line === undefined ? '-' : String(l.line),
        oneLine(l.createdBy),
      ]),
    ]),
  );
  if (report.base.layerCount) out.push('(* = base image layer)');
  if (report.wastedFiles.length) {
    out.push('', `Wasted files (${report.wastedFileCount}, largest first):`);
    out.push(
      pad([
        ['BYTES', 'ADDED', 'HIDDEN', 'PATH'],
        ...report.wastedFiles
          .slice(0, 20)
          .map((f) => [
            formatBytes(f.bytes),
            `${f.addedInLayer}${f.addedLine ? ` (line ${f.addedLine})` : ''}`,
            `${f.hiddenInLayer}${f.hiddenLine ? ` (line ${f.hiddenLine})` : ''} ${f.how}`,
            oneLine(f.path, 100),
          ]),
      ]),
    );
  }
  const fixes = report.wastePairs.filter((p) => p.fix);
  if (fixes.length) out.push('', 'Fixes:', ...fixes.map((p) => `  [${p.fix!.rule}] ${t(p.fix!.title)}`));
  if (report.secrets.length) {
    out.push('', 'Secrets left in the image (values not shown):');
    for (const s of report.secrets)
      out.push(
        `  ${t(s.kind)}: ${s.where} ${oneLine(s.path, 100)}${s.layer !== undefined ? ` (layer ${s.layer}${s.visible === false ? ', deleted later but still in that layer' : ''})` : ''}`,
      );
  }
  out.push(
    '',
    'Largest files:',
    ...report.largestFiles.slice(0, 10).map((f) => `  ${formatBytes(f.bytes).padStart(9)}  ${oneLine(f.path, 100)}`),
  );
  return out.join('\n') + '\n';
}

/** Escapes Markdown and HTML (and control characters) so an image's strings render as the text they are, on one line. */
export const escapeMarkdown = escapeMarkdownText;

export function formatMarkdown(unredacted: ImageReport): string {
  const report = redactReport(unredacted);
  const e = escapeMarkdown;
  const out: string[] = [];
  out.push(`# Image analysis: ${e(report.image)}`, '');
  out.push(
    `- Stored: ${formatBytes(report.sizeBytes)}; wasted: ${formatBytes(report.wastedBytes)}; efficiency: ${percent(report.efficiency)}`,
  );
  out.push(
    `- Above the base image (${report.base.layerCount} layers): ${formatBytes(report.aboveBase.sizeBytes)} stored, ${formatBytes(report.aboveBase.wastedBytes)} wasted, efficiency ${percent(report.aboveBase.efficiency)}`,
  );
  if (report.dockerfile) out.push(`- Dockerfile: ${e(report.dockerfile)}`);
  out.push('', '## Layers', '', '| # | Size | Wasted | Line | Created by |', '|---|---|---|---|---|');
  for (const l of report.layers)
    out.push(
      `| ${l.index}${l.inBase ? ' (base)' : ''} | ${formatBytes(l.sizeBytes)} | ${formatBytes(l.wastedBytes)} | ${l.line ?? ''} | ${e(oneLine(l.createdBy, 200))} |`,
    );
  if (report.wastedFiles.length) {
    out.push('', `## Wasted files (${report.wastedFileCount})`, '', '| Path | Bytes | Added in | Hidden in |', '|---|---|---|---|');
    for (const f of report.wastedFiles)
      out.push(
        `| ${e(f.path)} | ${formatBytes(f.bytes)} | ${f.addedInLayer}${f.addedLine ? ` (line ${f.addedLine})` : ''} | ${f.hiddenInLayer}${f.hiddenLine ? ` (line ${f.hiddenLine})` : ''}, ${e(f.how)} |`,
      );
  }
  const fixes = report.wastePairs.filter((p) => p.fix);
  if (fixes.length) out.push('', '## Fixes', '', ...fixes.map((p) => `- \`${p.fix!.rule}\`: ${e(p.fix!.title)}`));
  if (report.secrets.length) {
    out.push('', '## Secrets left in the image', '', '| Kind | Where | Name or path | Layer |', '|---|---|---|---|');
    for (const s of report.secrets)
      out.push(`| ${e(s.kind)} | ${e(s.where)} | ${e(s.path)} | ${s.layer ?? ''}${s.visible === false ? ' (deleted later)' : ''} |`);
  }
  out.push('', '## Largest files', '', ...report.largestFiles.slice(0, 20).map((f) => `- ${formatBytes(f.bytes)} ${e(f.path)}`));
  out.push(
    '',
    '## Largest directories',
    '',
    ...report.largestDirectories.slice(0, 20).map((d) => `- ${formatBytes(d.bytes)} ${e(d.path)} (${d.files ?? 0} files)`),
  );
  return out.join('\n') + '\n';
}
