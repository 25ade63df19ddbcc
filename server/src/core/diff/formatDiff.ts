// `layerwise diff` for people: a terminal table, and Markdown for a pull-request comment (the totals, a table
// of the lines that changed size, the top growth lines with their Dockerfile text, files in collapsed details).
// Dockerfile and image text is escaped: control characters for the terminal, Markdown metacharacters for comments.
import { formatBytes } from '../../../../common/format';
import { escapeControlCharsInline, escapeMarkdownText } from '../../../../common/text/escape';
import type { ImageDiff, LineDiff } from './compareImages';

const signed = (bytes: number) => (bytes > 0 ? '+' : bytes < 0 ? '−' : '±') + formatBytes(Math.abs(bytes));
const size = (bytes: number | null) => (bytes === null ? '—' : formatBytes(bytes));
const clip = (text: string, max: number) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
};

/** Lines whose size changed, largest growth first (then by line). */
export function growthLines(diff: ImageDiff): LineDiff[] {
  return diff.lines.filter((l) => l.growthBytes !== 0).sort((a, b) => b.growthBytes - a.growthBytes || a.line - b.line);
}

export function formatDiffText(diff: ImageDiff): string {
  const t = escapeControlCharsInline;
  const out = [
    `${t(diff.base.image)} → ${t(diff.head.image)}: ${formatBytes(diff.base.sizeBytes)} → ${formatBytes(diff.head.sizeBytes)} (${signed(diff.growthBytes)})`,
  ];
  const rows = [['LINE', 'BASE', 'HEAD', 'GROWTH', 'INSTRUCTION']];
  for (const l of diff.lines)
    rows.push([
      String(l.line),
      size(l.baseBytes),
      size(l.headBytes),
      signed(l.growthBytes),
      t(clip(l.text, 70)) + (l.changed ? '  (edited)' : ''),
    ]);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  out.push(
    '',
    ...rows.map((r) =>
      r.map((cell, c) => (c === r.length - 1 ? cell : c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '),
    ),
  );
  for (const l of growthLines(diff).filter((x) => x.files.length)) {
    out.push('', `line ${l.line} ${signed(l.growthBytes)}: ${t(clip(l.text, 70))}`);
    for (const f of l.files) out.push(`  ${signed(f.growthBytes).padStart(10)}  ${f.change.padEnd(7)}  ${t(f.path)}`);
    if (l.changedFiles > l.files.length) out.push(`  … ${l.changedFiles - l.files.length} more changed files`);
  }
  for (const r of diff.removedLayers)
    out.push('', `removed: ${formatBytes(r.bytes)} of layer ${r.index} (${t(clip(r.createdBy, 70))}) no longer built`);
  if (diff.unattributedBytes)
    out.push('', `${formatBytes(diff.unattributedBytes)} of the head image is not tied to a line of the Dockerfile`);
  return out.join('\n') + '\n';
}

/** Text as a Markdown code span (backticks cannot close it early); in a table cell `|` is escaped too. */
function code(text: string, inTable = true): string {
  let flat = escapeControlCharsInline(clip(text, 100));
  if (inTable) flat = flat.replace(/\|/g, '\\|');
  if (!flat.includes('`')) return `\`${flat}\``;
  return `\`\` ${flat.replace(/`{2,}/g, (run) => run.split('').join(' '))} \`\``;
}

export function formatDiffMarkdown(diff: ImageDiff, options: { top?: number; problems?: string[] } = {}): string {
  const m = escapeMarkdownText;
  const top = growthLines(diff).slice(0, options.top ?? 5);
  const out = [
    `### Layerwise: image ${signed(diff.growthBytes)} (${formatBytes(diff.base.sizeBytes)} → ${formatBytes(diff.head.sizeBytes)})`,
    '',
    `Base ${m(diff.base.image)} · head ${m(diff.head.image)}${diff.dockerfile ? ` · ${m(diff.dockerfile)}` : ''}`,
  ];
  for (const problem of options.problems ?? []) out.push('', `> **Budget exceeded:** ${m(problem)}`);
  const changed = diff.lines.filter((l) => l.growthBytes !== 0);
  if (changed.length === 0) out.push('', 'No line changed size.');
  else {
    out.push('', '| Line | Instruction | Base | Head | Growth |', '|---:|---|---:|---:|---:|');
    for (const l of changed)
      out.push(
        `| ${l.line} | ${code(l.text)}${l.changed ? ' (edited)' : ''} | ${size(l.baseBytes)} | ${size(l.headBytes)} | ${signed(l.growthBytes)} |`,
      );
  }
  if (top.some((l) => l.growthBytes > 0)) {
    out.push('', '**Top growth**', '');
    for (const l of top.filter((x) => x.growthBytes > 0)) {
      const largest = l.files[0];
      out.push(
        `- line ${l.line} ${signed(l.growthBytes)}: ${code(l.text, false)}${largest ? ` — largest: ${code(largest.path, false)} ${signed(largest.growthBytes)}` : ''}`,
      );
    }
  }
  const withFiles = growthLines(diff).filter((l) => l.files.length);
  if (withFiles.length || diff.removedLayers.length) {
    out.push('', '<details><summary>Files per line</summary>', '');
    for (const l of withFiles) {
      out.push(`**Line ${l.line}** ${code(l.text, false)}`, '', '| File | Change | Base | Head | Growth |', '|---|---|---:|---:|---:|');
      for (const f of l.files)
        out.push(`| ${code(f.path)} | ${f.change} | ${size(f.baseBytes)} | ${size(f.headBytes)} | ${signed(f.growthBytes)} |`);
      if (l.changedFiles > l.files.length) out.push('', `… and ${l.changedFiles - l.files.length} more changed files`);
      out.push('');
    }
    for (const r of diff.removedLayers) out.push(`- removed: layer ${r.index}, ${formatBytes(r.bytes)} (${code(r.createdBy, false)})`);
    out.push('', '</details>');
  }
  return out.join('\n') + '\n';
}
