// Messages between the report webview and the extension. Everything from the webview is checked before use:
// the page renders hostile strings, so it is treated as untrusted too.
import type { ImageReport } from '../../../common/protocol';

export type ToWebview = { type: 'report'; report: ImageReport; hasDockerfile: boolean };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'reveal'; line: number }
  | { type: 'export'; format: 'markdown' | 'json' }
  | { type: 'applyFix'; rule: string; lines: number[] }
  | { type: 'proveFix'; rule: string; lines: number[] }
  | { type: 'rendered'; text: string; elements: Record<string, number> };

const isLine = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v < 1e7;

export function parseWebviewMessage(raw: unknown): FromWebview | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'reveal':
      return isLine(m.line) ? { type: 'reveal', line: m.line } : undefined;
    case 'export':
      return m.format === 'markdown' || m.format === 'json' ? { type: 'export', format: m.format } : undefined;
    case 'applyFix':
    case 'proveFix':
      return typeof m.rule === 'string' && /^[a-z0-9-]{1,64}$/.test(m.rule) && Array.isArray(m.lines) && m.lines.every(isLine)
        ? { type: m.type, rule: m.rule, lines: m.lines.slice(0, 4) }
        : undefined;
    case 'rendered':
      return typeof m.text === 'string' && m.elements && typeof m.elements === 'object'
        ? {
            type: 'rendered',
            text: m.text,
            elements: Object.fromEntries(
              Object.entries(m.elements as Record<string, unknown>).filter(([, v]) => typeof v === 'number'),
            ) as Record<string, number>,
          }
        : undefined;
    default:
      return undefined;
  }
}
