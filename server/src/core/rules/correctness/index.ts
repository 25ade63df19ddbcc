// Correctness, security and style rules (hadolint and BuildKit check parity).
import type { Rule } from '../rule';
import { addInsteadOfCopy } from './addInsteadOfCopy';

export const correctnessRules: Rule[] = [addInsteadOfCopy];
