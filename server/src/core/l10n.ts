// User-visible texts in the user's language: rule messages and fix titles (core/rules), and the language
// server's own texts (lens titles, engine status, refusals). l10n/bundle.l10n.<locale>.json holds the
// translations, the same files VS Code loads for the client through vscode.l10n, so a translator writes one
// file per language. The locale comes from the editor (LSP InitializeParams) or the CLI (--locale, LANG…).
// Same call shape as @vscode/l10n's `t(message, ...args)` ({0}-style placeholders); the message is a plain
// string literal so `npm run l10n` can export it (scripts/export-server-strings.mjs). No vscode or LSP import:
// the CLI uses this too.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Source text → translation (a Map: a message such as "constructor" must not find Object's prototype). */
let translations: ReadonlyMap<string, string> = new Map();

/**
 * `l10n/` beside `dist/`: the bundled server and CLI are dist/server.js and dist/cli.js, in the package and in
 * the repository. Compiled by tsc (out/server/src/core) this is out/server/src/l10n, which does not exist, so
 * unit tests get English unless they pass a folder of their own.
 */
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
  translations = new Map();
  for (const file of bundleFilesFor(locale, dir)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue; // no bundle for this language (or an unreadable one): try the next, then English
    }
    if (parsed && typeof parsed === 'object') {
      // Entries are "source": "translation"; an exported entry with comments is { message, comment }.
      translations = new Map(
        Object.entries(parsed as Record<string, unknown>).flatMap(([key, value]) => {
          const text = typeof value === 'string' ? value : (value as { message?: unknown } | null)?.message;
          return typeof text === 'string' ? [[key, text] as const] : [];
        }),
      );
      return file;
    }
  }
  return undefined;
}

/** The translations in use, as an identity: results that hold translated texts are kept only while it stays the same. */
export function language(): object {
  return translations;
}

/** `message` in the loaded language with `{0}`, `{1}`… replaced by `args`. */
export function t(message: string, ...args: (string | number)[]): string {
  const template = translations.get(message) ?? message;
  if (args.length === 0) return template;
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : whole));
}
