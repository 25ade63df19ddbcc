// Size budgets from the project file `.layerwise.yaml` (schema in docs/ci.md):
//   budgets:
//     - dockerfile: services/api/Dockerfile   # relative to the file's folder; or
//       image: registry.example/api          # a reference; `*` matches any run of characters; no tag: any tag
//       maxSize: 300MB
//       maxGrowth: 20MB
//       minEfficiency: 0.9
//       maxWasted: 10MB
// The file is found in the Dockerfile's folder or above, up to the repository root (a folder with `.git`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from 'yaml';
import { parseByteCount } from './byteSize';
import { readWorkspaceText, LIMITS } from '../fs/readWorkspaceFile';

export const BUDGET_FILE = '.layerwise.yaml';

export interface Budget {
  /** Absolute path of the Dockerfile it applies to. */
  dockerfile?: string;
  image?: string;
  maxSize?: number;
  maxGrowth?: number;
  minEfficiency?: number;
  maxWasted?: number;
  /** 1-based line of the entry in the file, for messages. */
  line: number;
}

export interface BudgetFile {
  path: string;
  budgets: Budget[];
}

export class BudgetFileError extends Error {}

const KEYS = new Set(['dockerfile', 'image', 'maxSize', 'maxGrowth', 'minEfficiency', 'maxWasted']);

/** The nearest `.layerwise.yaml` from `dir` up to the repository root; undefined when there is none. */
export function findBudgetFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, BUDGET_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current || fs.existsSync(path.join(current, '.git'))) return undefined;
    current = parent;
  }
}

function lineOf(text: string, offset: number | undefined): number {
  return offset === undefined ? 1 : text.slice(0, offset).split('\n').length;
}

/** Throws BudgetFileError naming the file, line and field for anything it does not understand. */
export function parseBudgetFile(file: string, text: string): BudgetFile {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length) {
    const error = document.errors[0];
    throw new BudgetFileError(`${file}:${lineOf(text, error.pos[0])}: ${error.message.split('\n')[0]}`);
  }
  const root = document.toJS() as unknown;
  if (root === null || root === undefined) return { path: file, budgets: [] };
  if (typeof root !== 'object' || Array.isArray(root)) throw new BudgetFileError(`${file}: expected a mapping with "budgets"`);
  const list = (root as Record<string, unknown>).budgets;
  if (list === undefined) return { path: file, budgets: [] };
  if (!Array.isArray(list)) throw new BudgetFileError(`${file}: "budgets" must be a list`);
  const items = (document.get('budgets', true) as { items?: { range?: [number, number, number] }[] } | undefined)?.items ?? [];
  const dir = path.dirname(path.resolve(file));
  const budgets = list.map((entry: unknown, i: number): Budget => {
    const line = lineOf(text, items[i]?.range?.[0]);
    const where = `${file}:${line}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new BudgetFileError(`${where}: a budget must be a mapping`);
    const fields = entry as Record<string, unknown>;
    for (const key of Object.keys(fields))
      if (!KEYS.has(key)) throw new BudgetFileError(`${where}: unknown budget field "${key}" (known: ${[...KEYS].join(', ')})`);
    const budget: Budget = { line };
    for (const key of ['dockerfile', 'image'] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      if (typeof value !== 'string' || !value.trim()) throw new BudgetFileError(`${where}: "${key}" must be a non-empty string`);
      budget[key] = key === 'dockerfile' ? path.resolve(dir, value) : value;
    }
    for (const key of ['maxSize', 'maxGrowth', 'maxWasted'] as const) {
      const value = fields[key];
      if (value === undefined) continue;
      const bytes = typeof value === 'string' || typeof value === 'number' ? parseByteCount(value) : undefined;
      if (bytes === undefined)
        throw new BudgetFileError(`${where}: "${key}" must be a byte count like 20971520 or 20MB (got ${JSON.stringify(value)})`);
      budget[key] = bytes;
    }
    if (fields.minEfficiency !== undefined) {
      const value = fields.minEfficiency;
      if (typeof value !== 'number' || !(value >= 0 && value <= 1))
        throw new BudgetFileError(`${where}: "minEfficiency" must be a number from 0 to 1 (got ${JSON.stringify(value)})`);
      budget.minEfficiency = value;
    }
    return budget;
  });
  return { path: file, budgets };
}

export function loadBudgetFile(file: string): BudgetFile {
  let text: string;
  try {
    text = readWorkspaceText(file, LIMITS.config);
  } catch (error) {
    throw new BudgetFileError((error as Error).message);
  }
  return parseBudgetFile(file, text);
}
