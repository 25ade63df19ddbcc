// Loads one of the CLI's command bundles (dist/cli-lint.js…, split by scripts/build.mjs) with V8's code cache: the
// compiled form of a bundle is kept in the user's cache folder after the first run, so later runs skip most of
// parsing and compiling a megabyte of JavaScript (Node 20 has no module compile cache of its own). The cache is
// an optimisation only: a missing, stale or unwritable one changes nothing but the time.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module = require('node:module');
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * Where cached code goes: `$LAYERWISE_CACHE_DIR`, else `code-cache` in the platform's user cache folder for
 * Layerwise (beside what the test setup caches there); none when the variable is set empty.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  if (env.LAYERWISE_CACHE_DIR !== undefined) return env.LAYERWISE_CACHE_DIR || undefined;
  const home = os.homedir();
  let base: string | undefined;
  if (platform === 'win32') base = env.LOCALAPPDATA && path.join(env.LOCALAPPDATA, 'layerwise', 'Cache');
  else if (platform === 'darwin') base = home && path.join(home, 'Library', 'Caches', 'layerwise');
  else
    base = path.join(
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache'),
      'layerwise',
    );
  return base ? path.join(base, 'code-cache') : undefined;
}

/**
 * The cache file of a bundle's exact text under this Node (V8 checks only the text's length and its own flags,
 * so the name carries a digest of the text: a rebuilt or edited bundle never meets an old cache).
 */
export function codeCachePath(dir: string, bundle: string, source: string): string {
  const digest = createHash('sha256').update(source).update(`\0${process.version}\0${process.arch}`).digest('hex').slice(0, 32);
  return path.join(dir, `${path.basename(bundle, '.js')}-${digest}.v8cache`);
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

/** Runs `dist/<bundle>` as a CommonJS module (as `require` would) and returns its exports. */
export function loadBundle(bundle: string, dir = __dirname): unknown {
  const filename = path.join(dir, bundle);
  const source = fs.readFileSync(filename, 'utf8');
  const cacheDir = codeCacheDir();
  const cacheFile = cacheDir ? codeCachePath(cacheDir, bundle, source) : undefined;
  const cachedData = readCache(cacheFile);
  const script = new vm.Script(Module.wrap(source), { filename, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) writeCacheOnExit(script, cacheFile, bundle);
  const module = new Module(filename, require.main);
  module.filename = filename;
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dir);
  module.loaded = true;
  return module.exports;
}
