// The CLI side of size budgets: the `.layerwise.yaml` nearest the Dockerfile (else the current folder), and
// the messages of the limits an analysis or diff breaks. A broken budget file is a usage error (exit 2).
import * as path from 'node:path';
import { BudgetFileError, findBudgetFile, loadBudgetFile } from '../core/budgets/budgetFile';
import { checkBudgets, type BudgetSubject } from '../core/budgets/checkBudgets';
import { UsageError } from './usage';
import type { ImageReport } from '../../../common/image/types';

export function budgetProblems(subject: BudgetSubject, measured: { report: ImageReport; growthBytes?: number }): string[] {
  const file = findBudgetFile(subject.dockerfile ? path.dirname(path.resolve(subject.dockerfile)) : process.cwd());
  if (!file) return [];
  let budgets;
  try {
    budgets = loadBudgetFile(file).budgets;
  } catch (error) {
    throw new UsageError(error instanceof BudgetFileError ? error.message : String(error));
  }
  const { report, growthBytes } = measured;
  return checkBudgets(budgets, subject, {
    sizeBytes: report.sizeBytes,
    growthBytes,
    efficiency: report.efficiency,
    wastedBytes: report.wastedBytes,
  }).map((breach) => breach.message);
}
