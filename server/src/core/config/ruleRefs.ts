// Users name rules three ways: our ids, hadolint codes (DL3008) and BuildKit check names (StageNameCasing).
// This resolves any of them, case-insensitively, to our rule ids through `meta.aliases`.
import type { Rule } from '../rules/rule';

const HADOLINT_CODE = /^(DL|SC)\d{4}$/i;

/** BuildKit check names are CamelCase words; hadolint codes and our kebab-case ids are not. */
export function isBuildkitCheckName(alias: string): boolean {
  return /^[A-Z][A-Za-z]+$/.test(alias) && !HADOLINT_CODE.test(alias);
}

export interface RuleRefIndex {
  /** Our rule ids a reference names (empty when it names none of our rules). */
  resolve(ref: string): readonly string[];
  /** Ids of the rules that cover at least one BuildKit check (what `# check=skip=all` turns off). */
  buildkitRules: ReadonlySet<string>;
}

const cache = new WeakMap<readonly Rule[], RuleRefIndex>();

export function ruleRefIndex(rules: readonly Rule[]): RuleRefIndex {
  const cached = cache.get(rules);
  if (cached) return cached;
  const byRef = new Map<string, string[]>();
  const add = (ref: string, id: string) => {
    const key = ref.toLowerCase();
    const ids = byRef.get(key) ?? [];
    if (!ids.includes(id)) ids.push(id);
    byRef.set(key, ids);
  };
  const buildkitRules = new Set<string>();
  for (const { meta } of rules) {
    add(meta.id, meta.id);
    for (const alias of meta.aliases) {
      add(alias, meta.id);
      if (isBuildkitCheckName(alias)) buildkitRules.add(meta.id);
    }
  }
  const index: RuleRefIndex = { resolve: (ref) => byRef.get(ref.trim().toLowerCase()) ?? [], buildkitRules };
  cache.set(rules, index);
  return index;
}

/** Splits `DL3008, DL3009 StageNameCasing` into its references. */
export function splitRefs(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
