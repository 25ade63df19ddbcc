// What the server knows of the user's settings, and the analysis options they produce for one document.
import { URI } from 'vscode-uri';
import type { AnalyzeOptions } from '../core/analyze';
import type { SeverityOrOff } from '../core/types';
import { loadLintConfig } from '../core/config/loadConfig';
import { ruleContextFor } from '../core/config/configuredContext';

export interface ServerSettings {
  editorFeatures: boolean;
  rules: Record<string, SeverityOrOff>;
}

const SEVERITIES = new Set(['off', 'hint', 'info', 'warning', 'error']);

export function sanitizeRuleSettings(raw: unknown): Record<string, SeverityOrOff> {
  const out: Record<string, SeverityOrOff> = {};
  if (raw && typeof raw === 'object') {
    for (const [id, value] of Object.entries(raw)) if (typeof value === 'string' && SEVERITIES.has(value)) out[id] = value as SeverityOrOff;
  }
  return out;
}

/** The file-system path of a document, or undefined for untitled and virtual documents. */
export function documentPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? parsed.fsPath : undefined;
}

export function analyzeOptionsFor(uri: string, settings: ServerSettings): AnalyzeOptions {
  const file = documentPath(uri);
  // The project's .hadolint.yaml (nearest upward); the editor's layerwise.rules settings win over it.
  const config = file ? loadLintConfig(file).config : undefined;
  return { severities: settings.rules, config, context: file ? ruleContextFor(file) : {} };
}
