// The image config fields a safe fix must leave alone.
import { isDeepStrictEqual } from 'node:util';

export const CONFIG_FIELDS = ['Entrypoint', 'Cmd', 'Env', 'User', 'WorkingDir', 'ExposedPorts', 'Labels'] as const;

export interface ConfigChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Fields that differ (a missing field and null are the same), except those in `mayDiffer`. */
export function configChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  mayDiffer: Readonly<Record<string, string>> = {},
): ConfigChange[] {
  const changes: ConfigChange[] = [];
  for (const field of CONFIG_FIELDS) {
    if (field in mayDiffer) continue;
    const a = before[field] ?? null;
    const b = after[field] ?? null;
    if (!isDeepStrictEqual(a, b)) changes.push({ field, before: a, after: b });
  }
  return changes;
}

export function describeConfigChange(c: ConfigChange): string {
  return `config ${c.field} changed: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`;
}

/** The harness's form: one readable line per changed field. */
export function diffConfig(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  mayDiffer: Readonly<Record<string, string>> = {},
): string[] {
  return configChanges(before, after, mayDiffer).map(describeConfigChange);
}
