// The CLI's folders in the user's cache: compiled code (cli/bundleLoader.ts) and ShellCheck's results
// (core/shellcheck/resultCache.ts). `$LAYERWISE_CACHE_DIR` moves both; set empty, it turns both off.
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Where cached code goes: `$LAYERWISE_CACHE_DIR`, else `code-cache` in the platform's user cache folder for
 * Layerwise (beside what the test setup caches there); none when the variable is set empty.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  if (env.LAYERWISE_CACHE_DIR !== undefined) return env.LAYERWISE_CACHE_DIR || undefined;
  const base = userCacheDir(env, platform);
  return base ? path.join(base, 'code-cache') : undefined;
}

/**
 * Where ShellCheck's results are kept between runs (core/shellcheck/resultCache.ts): `shellcheck` beside the code
 * cache, in `$LAYERWISE_CACHE_DIR` or the user cache folder; none when the variable is set empty.
 */
export function shellcheckCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string | undefined {
  if (env.LAYERWISE_CACHE_DIR !== undefined) return env.LAYERWISE_CACHE_DIR ? path.join(env.LAYERWISE_CACHE_DIR, 'shellcheck') : undefined;
  const base = userCacheDir(env, platform);
  return base ? path.join(base, 'shellcheck') : undefined;
}

/** The platform's user cache folder for Layerwise. */
function userCacheDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const home = os.homedir();
  let base: string | undefined;
  if (platform === 'win32') base = env.LOCALAPPDATA && path.join(env.LOCALAPPDATA, 'layerwise', 'Cache');
  else if (platform === 'darwin') base = home && path.join(home, 'Library', 'Caches', 'layerwise');
  else
    base = path.join(
      env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache'),
      'layerwise',
    );
  return base;
}
