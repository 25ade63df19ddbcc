// User-facing strings are ready for translation: every %key% of the manifest has its English text in
// package.nls.json, and the client's vscode.l10n.t strings are exported to l10n/bundle.l10n.json.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

describe('translatable strings', () => {
  it('every %key% in package.json has an entry in package.nls.json, and no entry is unused', () => {
    const manifest = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
    const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const keys = new Set([...manifest.matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]));
    assert.ok(keys.size > 20, `only ${keys.size} keys`);
    for (const key of keys) assert.ok(typeof nls[key] === 'string' && nls[key].length > 0, `package.nls.json lacks ${key}`);
    for (const key of Object.keys(nls)) assert.ok(keys.has(key), `package.nls.json has unused ${key}`);
  });

  it('the client bundle lists every vscode.l10n.t string of client/src', () => {
    const bundle = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }))
        e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && files.push(path.join(dir, e.name));
    };
    walk(path.join(ROOT, 'client', 'src'));
    const used = files.flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(/l10n\.t\(\s*(['"])((?:\\.|(?!\1).)*)\1/g)].map((m) =>
        m[2].replace(/\\'/g, "'").replace(/\\"/g, '"'),
      ),
    );
    assert.ok(used.length > 10);
    for (const s of used) assert.ok(s in bundle, `l10n/bundle.l10n.json lacks "${s}" (run npm run l10n)`);
  });
});
