// Loads one of the CLI's command bundles (dist/cli-lint.js…, split by scripts/build.mjs) with V8's code cache: the
// compiled form of a bundle is kept in the user's cache folder after the first run, so later runs skip most of
// parsing and compiling a megabyte of JavaScript (Node 20 has no module compile cache of its own). The cache is
// an optimisation only: a missing, stale or unwritable one changes nothing but the time.
// The build writes each bundle's digest into the code that loads it (scripts/build.mjs), so a run neither hashes a
// megabyte of text nor loads node:crypto to find its cache.
// Named imports of node:crypto load it on first use in the bundles (scripts/build.mjs, LAZY_BUILTINS).
import { createHash } from 'node:crypto';
import { isAscii } from 'node:buffer';
import * as fs from 'node:fs';
import Module = require('node:module');
import * as path from 'node:path';
import * as vm from 'node:vm';
import { codeCacheDir } from './cacheDirs';

export { codeCacheDir } from './cacheDirs';

/**
 * The cache file of a bundle's exact text under this Node (V8 checks only the text's length and its own flags,
 * so the name carries a digest of the text: a rebuilt or edited bundle never meets an old cache).
 */
export function codeCachePath(dir: string, bundle: string, source: string, builtDigest?: string): string {
  // A digest the build wrote in (32 hex digits); else (a bundle built another way) hashed here. V8 itself refuses
  // a cache from another Node version, which is then rewritten.
  const digest = builtDigest && /^[0-9a-f]{32}$/.test(builtDigest) ? builtDigest : textDigest(source);
  return path.join(dir, `${path.basename(bundle, '.js')}-${digest}.v8cache`);
}

function textDigest(source: string): string {
  return createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Written after the command ran, so the functions it compiled on the way are in the cache too; the caches of older
 * builds of the same bundle are removed (one file per bundle, however often Layerwise is updated).
 */
function writeCacheOnExit(script: vm.Script, file: string, bundle: string): void {
  process.once('exit', () => {
    try {
      const dir = path.dirname(file);
      fs.mkdirSync(dir, { recursive: true });
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, file);
      const stale = new RegExp(`^${path.basename(bundle, '.js')}-[0-9a-f]{32}\\.v8cache$`);
      for (const old of fs.readdirSync(dir))
        if (stale.test(old) && old !== path.basename(file)) fs.rmSync(path.join(dir, old), { force: true });
    } catch {
      // A read-only or full disk: the next run compiles again.
    }
  });
}

/** Bundle file → its code cache file, for the bundles loaded in this process (each bundle has its own copy of this module). */
const CACHE_FILES = Symbol.for('layerwise.codeCacheFiles');

/** The code cache file `loadBundle` used for a bundle (by its file name), to start worker threads with it too. */
export function codeCacheFileOf(filename: string): string | undefined {
  return (globalThis as { [CACHE_FILES]?: Map<string, string> })[CACHE_FILES]?.get(filename);
}

/**
 * A worker thread's code (`new Worker(code, { eval: true, workerData: { bundle, cacheFile } })`) that runs a bundle
 * as loadBundle does, with the cache the main thread wrote: a worker otherwise compiles the megabyte again.
 */
export const RUN_BUNDLE_IN_WORKER = `
const fs = require('node:fs'), path = require('node:path'), vm = require('node:vm'), Module = require('node:module');
const { bundle, cacheFile } = require('node:worker_threads').workerData;
let cachedData;
try { cachedData = fs.readFileSync(cacheFile); } catch {}
const bytes = fs.readFileSync(bundle);
const text = require('node:buffer').isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
const script = new vm.Script(Module.wrap(text), { filename: bundle, cachedData });
const module = new Module(bundle);
module.filename = bundle;
module.paths = Module._nodeModulePaths(path.dirname(bundle));
script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, path.dirname(bundle));
`;

/**
 * A bundle's text. esbuild writes ASCII by default (other characters escaped): read as Latin-1 it is
 * the same string, at half the cost of UTF-8 decoding a megabyte (a few ms of every run). Else decoded as UTF-8.
 */
export function readBundleText(filename: string): string {
  const bytes = fs.readFileSync(filename);
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Runs `dist/<bundle>` as a CommonJS module (as `require` would) and returns its exports; `digest`: the build's. */
export function loadBundle(bundle: string, digest?: string, dir = __dirname): unknown {
  const filename = path.join(dir, bundle);
  const source = readBundleText(filename);
  const cacheDir = codeCacheDir();
  const cacheFile = cacheDir ? codeCachePath(cacheDir, bundle, source, digest) : undefined;
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) writeCacheOnExit(script, cacheFile, bundle);
  if (cacheFile) ((globalThis as { [CACHE_FILES]?: Map<string, string> })[CACHE_FILES] ??= new Map()).set(filename, cacheFile);
  const module = new Module(filename, require.main);
  module.filename = filename;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dir);
  module.loaded = true;
  return module.exports;
}
