// Which budgets apply to a Dockerfile or image, and which of their limits the measured figures break. Pure.
import * as path from 'node:path';
import { formatBytes } from '../../../../common/format';
import type { Budget } from './budgetFile';

export interface BudgetSubject {
  /** The Dockerfile's path (resolved against the current folder). */
  dockerfile?: string;
  image?: string;
}

/** What is known; a limit whose figure is unknown is not checked. */
export interface BudgetFigures {
  sizeBytes?: number;
  growthBytes?: number;
  efficiency?: number;
  wastedBytes?: number;
}

export interface BudgetBreach {
  budget: Budget;
  limit: 'maxSize' | 'maxGrowth' | 'minEfficiency' | 'maxWasted';
  message: string;
}

/** `*` matches any run of characters. Linear backtracking to the last star: no regular expression, so a
 * pattern from a repository's file cannot make matching slow. */
function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** `image: repo` matches repo itself, repo:any-tag and repo@digest; `*` matches any run of characters. */
export function imageMatches(pattern: string, ref: string): boolean {
  if (wildcardMatch(pattern, ref)) return true;
  const lastPart = pattern.slice(pattern.lastIndexOf('/') + 1);
  if (lastPart.includes(':') || lastPart.includes('@')) return false;
  // No tag nor digest in the pattern: compare with the reference's repository part.
  const at = ref.indexOf('@');
  const withoutDigest = at === -1 ? ref : ref.slice(0, at);
  const colon = withoutDigest.lastIndexOf(':');
  const repository = colon > withoutDigest.lastIndexOf('/') ? withoutDigest.slice(0, colon) : withoutDigest;
  return wildcardMatch(pattern, repository);
}

export function budgetApplies(budget: Budget, subject: BudgetSubject): boolean {
  if (budget.dockerfile !== undefined && (subject.dockerfile === undefined || path.resolve(subject.dockerfile) !== budget.dockerfile))
    return false;
  if (budget.image !== undefined && (subject.image === undefined || !imageMatches(budget.image, subject.image))) return false;
  return true;
}

function name(budget: Budget): string {
  return budget.image ?? (budget.dockerfile ? path.relative(process.cwd(), budget.dockerfile) || budget.dockerfile : 'every image');
}

/** `value` with enough decimals to show it is below `limit` (0.99999982, not a rounded 1.0000). */
function below(value: number, limit: number): string {
  let digits = 4;
  while (digits < 12 && Number(value.toFixed(digits)) >= limit) digits++;
  return value.toFixed(digits);
}

export function checkBudgets(budgets: readonly Budget[], subject: BudgetSubject, figures: BudgetFigures): BudgetBreach[] {
  const breaches: BudgetBreach[] = [];
  for (const budget of budgets) {
    if (!budgetApplies(budget, subject)) continue;
    const who = `budget for ${name(budget)} (line ${budget.line})`;
    if (budget.maxSize !== undefined && figures.sizeBytes !== undefined && figures.sizeBytes > budget.maxSize)
      breaches.push({
        budget,
        limit: 'maxSize',
        message: `size ${formatBytes(figures.sizeBytes)} exceeds maxSize ${formatBytes(budget.maxSize)} of the ${who}`,
      });
    if (budget.maxGrowth !== undefined && figures.growthBytes !== undefined && figures.growthBytes > budget.maxGrowth)
      breaches.push({
        budget,
        limit: 'maxGrowth',
        message: `growth ${formatBytes(figures.growthBytes)} exceeds maxGrowth ${formatBytes(budget.maxGrowth)} of the ${who}`,
      });
    if (budget.minEfficiency !== undefined && figures.efficiency !== undefined && figures.efficiency < budget.minEfficiency)
      breaches.push({
        budget,
        limit: 'minEfficiency',
        message: `efficiency ${below(figures.efficiency, budget.minEfficiency)} is below minEfficiency ${budget.minEfficiency} of the ${who}`,
      });
    if (budget.maxWasted !== undefined && figures.wastedBytes !== undefined && figures.wastedBytes > budget.maxWasted)
      breaches.push({
        budget,
        limit: 'maxWasted',
        message: `${formatBytes(figures.wastedBytes)} wasted exceeds maxWasted ${formatBytes(budget.maxWasted)} of the ${who}`,
      });
  }
  return breaches;
}
