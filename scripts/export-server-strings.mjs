// `npm run l10n`, second half: adds the l10n.t('…') strings of server/src (server/src/core/l10n.ts: rule
// messages and fix titles in core/rules, the language server's own texts in lsp/ and server.ts) to
// l10n/bundle.l10n.json after @vscode/l10n-dev exported the client's. l10n-dev only reads calls on `vscode` or
// `@vscode/l10n` imports, so the server's own `t` is read here, with the same literal-only rule: the first
// argument must be a plain string literal (placeholders as {0}, never concatenation).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every .ts file under `dir`, sorted so the bundle's order does not depend on the file system. */
function typescriptFiles(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return typescriptFiles(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
}

/** Every l10n.t string literal of a source file, unescaped. */
function serverStrings(text) {
  return [...text.matchAll(/\bl10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)].map((m) => m[2].replace(/\\(['"\\])/g, '$1'));
}

const bundlePath = join(root, 'l10n', 'bundle.l10n.json');
const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
const messages = new Set(typescriptFiles(join(root, 'server', 'src')).flatMap((file) => serverStrings(readFileSync(file, 'utf8'))));
for (const message of messages) bundle[message] = message;
writeFileSync(bundlePath, `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`Server strings: ${messages.size} merged into ${bundlePath}`);
