// The rule catalogue: size/cache rules, correctness rules and (mostly opt-in) policy rules, one module per rule in those folders.
import type { Rule } from './rule';
import { sizeRules } from './size/index';
import { correctnessRules } from './correctness/index';
import { policyRules } from './policy/index';

export const allRules: readonly Rule[] = [...sizeRules, ...correctnessRules, ...policyRules];

export const rulesById: ReadonlyMap<string, Rule> = new Map(allRules.map((r) => [r.meta.id, r]));
