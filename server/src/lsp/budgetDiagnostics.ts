// Size budgets in the editor: when the layer lenses know the linked image's total (and an analysis its waste
// and efficiency), the budgets of the nearest `.layerwise.yaml` that apply are checked and a breach is shown
// on the Dockerfile's first line. A budget file that cannot be read shows nothing here (the CLI says why).
import * as fs from 'node:fs';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver';
import { findBudgetFile, loadBudgetFile, type Budget } from '../core/budgets/budgetFile';
import { checkBudgets, type BudgetFigures, type BudgetSubject } from '../core/budgets/checkBudgets';
import * as path from 'node:path';

export const BUDGET_CODE = 'size-budget';

export class BudgetDiagnostics {
  private readonly files = new Map<string, { mtimeMs: number; budgets: Budget[] }>();
  private readonly messages = new Map<string, { version: number; messages: string[] }>();

  private budgetsFor(dockerfile: string): Budget[] {
    const file = findBudgetFile(path.dirname(dockerfile));
    if (!file) return [];
    try {
      const mtimeMs = fs.statSync(file).mtimeMs;
      const cached = this.files.get(file);
      if (cached?.mtimeMs === mtimeMs) return cached.budgets;
      const budgets = loadBudgetFile(file).budgets;
      this.files.set(file, { mtimeMs, budgets });
      return budgets;
    } catch {
      return [];
    }
  }

  /** Checks the budgets for this document version; true when what it shows changed (publish again). */
  update(uri: string, version: number, subject: BudgetSubject & { dockerfile: string }, figures: BudgetFigures): boolean {
    const messages = checkBudgets(this.budgetsFor(subject.dockerfile), subject, figures).map((b) => b.message);
    const before = this.messages.get(uri);
    this.messages.set(uri, { version, messages });
    return JSON.stringify(before?.messages ?? []) !== JSON.stringify(messages);
  }

  forget(uri: string): void {
    this.messages.delete(uri);
  }

  diagnosticsFor(uri: string, firstLineLength: number): Diagnostic[] {
    return (this.messages.get(uri)?.messages ?? []).map((message) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineLength } },
      severity: DiagnosticSeverity.Warning,
      source: 'layerwise',
      code: BUDGET_CODE,
      message: `Size budget exceeded: ${message}.`,
    }));
  }
}
