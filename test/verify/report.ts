// The fix-verification table (console and docs/fixes.md). docs/fixes.md has generated sections between
// `<!-- name:start -->` and `<!-- name:end -->` markers; each producer rewrites only its own section.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FixtureRow } from './verifyFixture';

export const FIXES_DOC = path.resolve(__dirname, '../../../docs/fixes.md');

export function formatBytes(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (abs >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

function reuse(row: FixtureRow): string {
  if (!row.cacheReuse) return '—';
  const word = (b: boolean | undefined) => (b === undefined ? '?' : b ? 'reused' : 're-ran');
  return `install ${word(row.cacheReuse.original)} → ${word(row.cacheReuse.fixed)}`;
}

function result(row: FixtureRow): string {
  if (row.problems.length === 0) return 'proven';
  return `**FAILS**: ${row.problems[0].split('\n')[0].replace(/\|/g, '\\|')}`;
}

export function markdownTable(rows: readonly FixtureRow[]): string {
  const lines = [
    '| fixture | builder | fixes applied | bytes before | bytes after | saved | layers before → after | cache after a source edit (original → fixed) | safe fixes checked | result |',
    '|---|---|---|---:|---:|---:|---|---|---|---|',
  ];
  for (const r of rows) {
    const fixes = Object.entries(r.applied)
      .map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule))
      .join(', ');
    const saved = r.bytesBefore - r.bytesAfter;
    lines.push(
      `| ${r.fixture} | ${r.builder} | ${fixes} | ${r.bytesBefore} | ${r.bytesAfter} | ${formatBytes(saved)} | ${r.layersBefore} → ${r.layersAfter} | ${reuse(r)} | ${r.safeCheck ?? '—'} | ${result(r)} |`,
    );
  }
  return lines.join('\n');
}

/** Replaces the generated section `name` of docs/fixes.md (the file and markers must exist). */
export function writeDocSection(name: string, body: string): void {
  const text = fs.readFileSync(FIXES_DOC, 'utf8');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${FIXES_DOC} has no ${start} … ${end} section`);
  fs.writeFileSync(FIXES_DOC, `${text.slice(0, from + start.length)}\n${body.trim()}\n${text.slice(to)}`);
}
