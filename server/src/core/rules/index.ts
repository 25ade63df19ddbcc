// The rule catalogue. Each rule lives in its own module; this list is the only place that names them all.
import type { Rule } from './rule';
import { addInsteadOfCopy } from './addInsteadOfCopy';

export const allRules: readonly Rule[] = [addInsteadOfCopy];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));
