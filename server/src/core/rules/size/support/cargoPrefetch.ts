// cargo: the dependencies are compiled by building a dummy crate from Cargo.toml and Cargo.lock alone
// (the well-known recipe), so the layer keeps them compiled in target/. `cargo clean -p <package>` then
// drops the dummy's own artifacts (else its binary stays in the layer below the real one). The real
// sources arrive with their context modification times, older than the dummy's build: cargo could take
// the dummy's output as up to date, so the real build first touches the crate roots the dummy stood in for.
import type { BuildContextFiles } from '../../../context/files';
import type { FixProposal } from '../../../types';
import { commandLine } from './index';
import { copyLine, optionWords, prefetchFix, prefetchSite, ProjectInstall, runLine } from './projectPrefetch';

/** Options that select targets or packages a dummy crate does not have, or another manifest. */
const TARGET_OPTIONS =
  /^(--bins?|--examples?|--tests?|--benches|--bench|--all-targets|-p|--package|--workspace|--all|--exclude|--manifest-path|-Z)(=|$)/;

/**
 * A single package whose targets are cargo's defaults (src/main.rs, src/lib.rs) and that needs no other
 * file of the context to build: no workspace, no explicit targets, no build script named, no path
 * dependencies. Anything else is not a layout a dummy crate can stand in for.
 */
export function simplePackage(manifest: string): boolean {
  const lines = manifest.split(/\r?\n/).map((l) => l.replace(/#.*$/, '').trim());
  if (!lines.includes('[package]')) return false;
  return !lines.some(
    (l) =>
      /^\[\[?\s*(workspace|bin|lib|example|test|bench|patch|replace)\b/.test(l) ||
      /^build\s*=/.test(l) ||
      /\bpath\s*=/.test(l) ||
      /\bworkspace\s*=\s*true\b/.test(l) ||
      /^\w[\w-]*\.workspace\s*=/.test(l),
  );
}

/** Build options `cargo clean` takes too: they say which profile and target folder the dummy built into. */
const CLEAN_OPTIONS = /^(--release|-r|--locked|--frozen|--offline)$|^(--profile|--target|--target-dir|--config)(=.+)?$/;
const CLEAN_VALUE = /^(--profile|--target|--target-dir|--config)$/;

/** `name = "…"` of the `[package]` table. */
export function packageName(manifest: string): string | undefined {
  let inPackage = false;
  for (const raw of manifest.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line.startsWith('[')) inPackage = line === '[package]';
    const name = inPackage ? /^name\s*=\s*"([A-Za-z0-9_-]+)"$/.exec(line) : null;
    if (name) return name[1];
  }
  return undefined;
}

/** `cargo clean -p <name>` with the build's profile and target options (undefined: an option it cannot mirror). */
function cleanCommand(p: ProjectInstall, name: string): string | undefined {
  const words = p.install.invocation.words;
  const options: string[] = [];
  for (let n = 0; n < words.length; n++) {
    const v = words[n].value;
    if (v === undefined) return undefined;
    if (!v.startsWith('-')) continue;
    if (CLEAN_OPTIONS.test(v)) options.push(words[n].text);
    if (CLEAN_VALUE.test(v)) {
      if (!words[n + 1]) return undefined;
      options.push(words[++n].text);
    }
  }
  const command = p.install.invocation.command;
  return [...command.assignments.map((a) => `${a.name}=${a.value}`), command.nameWord.text, 'clean', ...options, '-p', name].join(' ');
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
  const name = manifest === undefined ? undefined : packageName(manifest);
  if (manifest === undefined || name === undefined || !simplePackage(manifest)) return undefined;
  const roots = crateRoots(files);
  if (roots.length === 0) return undefined;
  const site = prefetchSite(p);
  // `sudo cargo …`, `env X=1 cargo …`: the wrapper would have to be repeated on the clean; not offered.
  if (!site || site.command.nameWord !== install.invocation.toolWord) return undefined;
  const clean = sub === 'build' ? cleanCommand(p, name) : undefined;
  if (sub === 'build' && !clean) return undefined;

  // rust-toolchain(.toml) picks the compiler under rustup: the dummy must build with the same one.
  const manifests = ['Cargo.toml', 'Cargo.lock', 'rust-toolchain.toml', 'rust-toolchain'].filter(
    (f) => f === 'Cargo.toml' || files.kind(f) === 'file',
  );
  const lines = [copyLine(site, p.all, manifests)];
  // .cargo/config.toml may replace the registry (vendoring, mirrors) or set flags: the dummy must see it,
  // and a vendor/ folder it points to.
  if (files.kind('.cargo') === 'directory') {
    lines.push(copyLine(site, p.all, ['.cargo'], '.cargo'));
    if (files.kind('vendor') === 'directory') lines.push(copyLine(site, p.all, ['vendor'], 'vendor'));
  }
  // The same cargo command as the install (profile, target, features decide what gets compiled).
  const cargo = commandLine(site.command);
  lines.push(runLine(site, ['mkdir -p src', ...roots.map((r) => r.dummy), cargo, ...(clean ? [clean] : []), 'rm -rf src'].join(' && ')));
  if (sub === 'fetch') return prefetchFix(p, site, lines);
  const touch = `touch ${roots.map((r) => r.file).join(' ')} && `;
  return prefetchFix(p, site, lines, [{ range: { start: site.command.range.start, end: site.command.range.start }, newText: touch }]);
}
