// The CLI side of size budgets: the `.layerwise.yaml` nearest the Dockerfile (else the current folder), read
// before any image is (a broken file is a usage error, exit 2), and the messages of the limits broken.
import * as path from 'node:path';
import { BudgetFileError, findBudgetFile, loadBudgetFile, type Budget } from '../core/budgets/budgetFile';
import { checkBudgets, type BudgetSubject } from '../core/budgets/checkBudgets';
import { UsageError } from './usage';
import type { ImageReport } from '../../../common/image/types';

export function loadBudgets(subject: BudgetSubject): Budget[] {
  const file = findBudgetFile(subject.dockerfile ? path.dirname(path.resolve(subject.dockerfile)) : process.cwd());
  if (!file) return [];
  try {
    return loadBudgetFile(file).budgets;
  } catch (error) {
    throw new UsageError(error instanceof BudgetFileError ? error.message : String(error));
  }
}

export function budgetProblems(
  budgets: readonly Budget[],
  subject: BudgetSubject,
  measured: { report: ImageReport; growthBytes?: number },
): string[] {
  const { report, growthBytes } = measured;
  return checkBudgets(budgets, subject, {
    sizeBytes: report.sizeBytes,
    growthBytes,
    efficiency: report.efficiency,
    wastedBytes: report.wastedBytes,
  }).map((breach) => breach.message);
}
