// The registry side of `layers` and `diff`: `docker://…` references, `--platform` and `--insecure` checked as
// `analyze` checks them, with the same usage errors (exit 2).
import { UsageError } from './usage';
import { isRegistryReference, parseRegistryReference, type RegistryReference } from '../core/registry/reference';
import { parsePlatform, type ReadRegistryImageOptions } from '../core/registry/readImage';

export function registryReference(text: string): RegistryReference {
  try {
    return parseRegistryReference(text);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--platform`/`--insecure` as registry read options; refused when no image comes from a registry. */
export function registryOptions(flags: Map<string, string[]>, refs: string[]): Pick<ReadRegistryImageOptions, 'platform' | 'insecure'> {
  const platformText = flags.get('platform')?.at(-1);
  const insecure = flags.has('insecure');
  if (!refs.some(isRegistryReference)) {
    if (platformText !== undefined || insecure)
      throw new UsageError('--platform and --insecure apply to docker://HOST/REPO:TAG images only');
    return {};
  }
  try {
    return { platform: platformText === undefined ? undefined : parsePlatform(platformText), insecure };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
