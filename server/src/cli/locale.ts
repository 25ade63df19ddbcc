// The language of `layerwise lint`'s rule texts: --locale, else the POSIX locale variables in their order of
// precedence (LC_ALL, LC_MESSAGES, LANG), as every terminal program reads them. `de_DE.UTF-8` → `de-de`, which
// core/l10n.ts looks up as bundle.l10n.de-de.json, then bundle.l10n.de.json; C, POSIX and a language without
// a bundle mean English (the source texts).
import { UsageError } from './usage';

/** A POSIX locale name or a BCP 47 tag as a lower-case tag (`de_DE.UTF-8@euro` → `de-de`); undefined for C/POSIX. */
export function localeTag(name: string): string | undefined {
  const base = name.trim().split(/[.@]/)[0];
  if (base === '' || base === 'C' || base === 'POSIX') return undefined;
  const tag = base.replace(/_/g, '-').toLowerCase();
  return /^[a-z]{2,3}(-[a-z0-9]+)*$/.test(tag) ? tag : undefined;
}

/** The first of LC_ALL, LC_MESSAGES, LANG that is set and not empty decides, even when it says C. */
export function localeFromEnvironment(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const name = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
  return name === undefined ? undefined : localeTag(name);
}

/** `--locale` when given (a usage error unless it reads as a language tag), else the environment's. */
export function cliLocale(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (flag === undefined) return localeFromEnvironment(env);
  const tag = localeTag(flag);
  if (tag === undefined && !/^\s*(C|POSIX)([.@].*)?$/.test(flag)) {
    throw new UsageError(`--locale must be a language tag such as de or pt-BR (got "${flag}")`);
  }
  return tag;
}
