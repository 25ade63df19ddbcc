// The proof as text for a terminal (the CLI) or an output channel.
import type { ProofEvidence, VariantEvidence } from './proveFix';

export function bytes(n: number): string {
  const abs = Math.abs(n);
  const sign = n < 0 ? '-' : '';
  if (abs >= 1e6) return `${sign}${(abs / 1e6).toFixed(1)} MB`;
  if (abs >= 1e3) return `${sign}${(abs / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

function variantLines(v: VariantEvidence, original: ProofEvidence['original']): string[] {
  const fixes = Object.entries(v.applied)
    .map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule))
    .join(', ');
  const head = v.name === 'fixed' ? 'As fixed' : 'With only the safe fixes';
  const lines = [`${head} (${fixes}) — claimed: ${v.claim === 'safe' ? 'safe' : 'changes the build'}`];
  if (!v.built) return [...lines, `  does not build: ${v.buildError ?? ''}`];
  lines.push(
    `  size: ${bytes(original.sizeBytes)} → ${bytes(v.image!.sizeBytes)} (${v.bytesSaved! >= 0 ? `saves ${bytes(v.bytesSaved!)}` : `grows ${bytes(-v.bytesSaved!)}`}), layers ${original.layers} → ${v.image!.layers}`,
  );
  const fsum = v.filesystem!;
  if (fsum.added + fsum.removed + fsum.changed === 0)
    lines.push(`  files: identical${fsum.ignored ? ` (besides ${fsum.ignored} entries in package caches and lists)` : ''}`);
  else {
    lines.push(
      `  files: ${fsum.removed} removed, ${fsum.added} added, ${fsum.changed} changed${fsum.ignored ? ` (and ${fsum.ignored} in package caches and lists)` : ''}`,
    );
    for (const f of fsum.folders.slice(0, 10))
      lines.push(
        `    ${f.kind.padEnd(7)} ${f.folder} (${f.entries} entr${f.entries === 1 ? 'y' : 'ies'}, ${bytes(f.bytes)}) e.g. ${f.examples[0]}`,
      );
    if (fsum.folders.length > 10) lines.push(`    … ${fsum.folders.length - 10} more folders`);
  }
  const p = v.packages!;
  if (!p.manager) lines.push('  packages: no package database found (dpkg, apk or rpm)');
  else if (!p.added.length && !p.removed.length && !p.changed.length) lines.push(`  packages: the same (${p.manager})`);
  else {
    if (p.removed.length) lines.push(`  packages: removes ${p.removed.length}: ${p.removed.join(', ')}`);
    if (p.added.length) lines.push(`  packages: adds ${p.added.length}: ${p.added.join(', ')}`);
    if (p.changed.length)
      lines.push(
        `  packages: ${p.changed.length} at another version: ${p.changed.map((c) => `${c.name} ${c.before} → ${c.after}`).join(', ')}`,
      );
  }
  for (const r of p.risky) lines.push(`  RISK: removes ${r.name}: ${r.why}`);
  if (v.config!.length === 0) lines.push('  config: identical');
  for (const c of v.config!) lines.push(`  config ${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
  if (v.smoke) {
    lines.push(
      `  smoke command: ${v.smoke.same ? 'same output' : 'DIFFERENT output'} (exit ${v.smoke.original.exitCode} → ${v.smoke.fixed.exitCode})`,
    );
    if (!v.smoke.same)
      lines.push(
        `    before: ${JSON.stringify(v.smoke.original.stdout.slice(0, 200))}`,
        `    after:  ${JSON.stringify(v.smoke.fixed.stdout.slice(0, 200))}${v.smoke.fixed.stderr ? ` ${JSON.stringify(v.smoke.fixed.stderr.slice(0, 200))}` : ''}`,
      );
  }
  if (v.claim === 'safe')
    lines.push(
      v.claimHolds ? '  class: safe, proven' : '  class: NOT SAFE — this "safe" fix changes the build:',
      ...v.problems.slice(0, 12).map((x) => `    ${x}`),
    );
  return lines;
}

export function formatProof(evidence: ProofEvidence): string {
  const lines = [`${evidence.dockerfile}: ${evidence.summary}${evidence.fromCache ? ' (from the proof cache)' : ''}`];
  if (evidence.verdict === 'nothing-to-fix') return `${lines.join('\n')}\n`;
  lines.push(
    `As it is: ${bytes(evidence.original.sizeBytes)}, ${evidence.original.layers} layers${evidence.original.packageManager ? `, packages from ${evidence.original.packageManager}` : ''}`,
  );
  for (const v of evidence.variants) lines.push('', ...variantLines(v, evidence.original));
  if (evidence.cache) {
    lines.push('', `Build cache after editing ${evidence.cache.sourceFile ?? 'a source file'}:`);
    for (const s of evidence.cache.steps) {
      const word = (b?: boolean) => (b === undefined ? '?' : b ? 'reused' : 're-ran');
      lines.push(
        `  ${s.step.slice(0, 60)}: ${s.original === undefined && s.fixed === undefined ? 'not found in the build output' : `${word(s.original)} → ${word(s.fixed)}`}`,
      );
    }
    lines.push(
      `  ${evidence.cache.holds === true ? 'the fix keeps the install step cached' : evidence.cache.holds === false ? 'the install step still re-runs after the fix' : (evidence.cache.note ?? 'not measured')}`,
    );
  }
  for (const note of evidence.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}
