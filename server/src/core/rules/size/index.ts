// Size, layering and build-cache rules.
import type { Rule } from '../rule';

export const sizeRules: Rule[] = [];
