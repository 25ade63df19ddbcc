// The language server's own user-visible texts (lens titles, engine status, refusals), translated the way the
// client's are: the editor's `locale` (LSP InitializeParams) picks l10n/bundle.l10n.<locale>.json — the same
// files VS Code loads for the client through vscode.l10n, so a translator writes one file per language.
// Same call shape as @vscode/l10n's `t(message, ...args)` ({0}-style placeholders); rule messages are not
// translated here. `npm run l10n` exports these strings next to the client's (scripts/export-server-strings.mjs).
import * as fs from 'node:fs';
import * as path from 'node:path';

let translations: Readonly<Record<string, string>> = {};

/** `l10n/` beside `dist/` (the bundled server lives in dist/server.js, in the package and in the repository). */
export const L10N_DIR = path.join(__dirname, '..', 'l10n');

/** Bundle files for a locale, most specific first: `pt-BR` → bundle.l10n.pt-br.json, bundle.l10n.pt.json. */
export function bundleFilesFor(locale: string | undefined, dir: string = L10N_DIR): string[] {
  const tag = (locale ?? '').trim().toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/.test(tag)) return [];
  const language = tag.split('-')[0];
  return [...new Set([tag, language])].map((l) => path.join(dir, `bundle.l10n.${l}.json`));
}

/** Loads the translations for `locale`; returns the file used, or undefined (English, the source strings). */
export function loadTranslations(locale: string | undefined, dir: string = L10N_DIR): string | undefined {
  translations = {};
  for (const file of bundleFilesFor(locale, dir)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue; // no bundle for this language (or an unreadable one): try the next, then English
    }
    if (parsed && typeof parsed === 'object') {
      // Entries are "source": "translation"; an exported entry with comments is { message, comment }.
      translations = Object.fromEntries(Object.entries(parsed as Record<string, unknown>).flatMap(([key, value]) => {
        const text = typeof value === 'string' ? value : (value as { message?: unknown } | null)?.message;
        return typeof text === 'string' ? [[key, text]] : [];
      }));
      return file;
    }
  }
  return undefined;
}

/** `message` in the loaded language with `{0}`, `{1}`… replaced by `args`. */
export function t(message: string, ...args: (string | number)[]): string {
  const template = translations[message] ?? message;
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}
