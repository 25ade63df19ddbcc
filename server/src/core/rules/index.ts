// The rule catalogue: size/cache rules and correctness rules, one module per rule in those folders.
import type { Rule } from './rule';
import { sizeRules } from './size/index';
import { correctnessRules } from './correctness/index';

export const allRules: readonly Rule[] = [...sizeRules, ...correctnessRules];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));
