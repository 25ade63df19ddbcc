// cargo: the dependencies are compiled by building a dummy crate from Cargo.toml and Cargo.lock alone
// (the well-known recipe), so the layer keeps them compiled in target/. The real sources then arrive with
// their context modification times, older than the dummy's build: cargo would take the dummy's binary as
// up to date, so the real build first touches the crate roots the dummy stood in for.
import type { BuildContextFiles } from '../../config/buildContextFiles';
import type { FixProposal } from '../../types';
import { commandLine } from './support';
import { copyLine, optionWords, prefetchFix, prefetchSite, ProjectInstall, runLine } from './projectPrefetch';

/** Options that select targets or packages a dummy crate does not have, or another manifest. */
const TARGET_OPTIONS = /^(--bins?|--examples?|--tests?|--benches|--bench|--all-targets|-p|--package|--workspace|--all|--exclude|--manifest-path|-Z)(=|$)/;

/**
 * A single package whose targets are cargo's defaults (src/main.rs, src/lib.rs) and that needs no other
 * file of the context to build: no workspace, no explicit targets, no build script named, no path
 * dependencies. Anything else is not a layout a dummy crate can stand in for.
 */
export function simplePackage(manifest: string): boolean {
  const lines = manifest.split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim());
  if (!lines.includes('[package]')) return false;
  return !lines.some((l) => /^\[\[?\s*(workspace|bin|lib|example|test|bench|patch|replace)\b/.test(l)
    || /^build\s*=/.test(l) || /\bpath\s*=/.test(l) || /\bworkspace\s*=\s*true\b/.test(l) || /^\w[\w-]*\.workspace\s*=/.test(l));
}

/** The crate roots cargo finds by default, with what the dummy puts there. */
function crateRoots(files: BuildContextFiles): { file: string; dummy: string }[] {
  const roots: { file: string; dummy: string }[] = [];
  if (files.kind('src/main.rs') === 'file') roots.push({ file: 'src/main.rs', dummy: "echo 'fn main() {}' > src/main.rs" });
  if (files.kind('src/lib.rs') === 'file') roots.push({ file: 'src/lib.rs', dummy: 'touch src/lib.rs' });
  return roots;
}

export function cargoFix(p: ProjectInstall): FixProposal | undefined {
  const { files, install } = p;
  const sub = install.invocation.subcommand;
  if (!files || (sub !== 'build' && sub !== 'fetch')) return undefined;
  if (install.invocation.operands.length > 1 || optionWords(p).some((o) => TARGET_OPTIONS.test(o))) return undefined;
  const manifest = files.read('Cargo.toml');
  if (manifest === undefined || !simplePackage(manifest)) return undefined;
  const roots = crateRoots(files);
  if (roots.length === 0) return undefined;
  const site = prefetchSite(p);
  if (!site) return undefined;

  const lines = [copyLine(site, p.all, files.kind('Cargo.lock') === 'file' ? ['Cargo.toml', 'Cargo.lock'] : ['Cargo.toml'])];
  // .cargo/config.toml may replace the registry (vendoring, mirrors) or set flags: the dummy must see it,
  // and a vendor/ folder it points to.
  if (files.kind('.cargo') === 'directory') {
    lines.push(copyLine(site, p.all, ['.cargo'], '.cargo'));
    if (files.kind('vendor') === 'directory') lines.push(copyLine(site, p.all, ['vendor'], 'vendor'));
  }
  // The same cargo command as the install (profile, target, features decide what gets compiled).
  const cargo = commandLine(site.command);
  lines.push(runLine(site, ['mkdir -p src', ...roots.map((r) => r.dummy), cargo, 'rm -rf src'].join(' && ')));
  if (sub === 'fetch') return prefetchFix(p, site, lines);
  const touch = `touch ${roots.map((r) => r.file).join(' ')} && `;
  return prefetchFix(p, site, lines, [{ range: { start: site.command.range.start, end: site.command.range.start }, newText: touch }]);
}
