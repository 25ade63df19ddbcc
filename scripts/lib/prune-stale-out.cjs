// Deletes compiled files in out/ whose TypeScript source is gone (renamed or deleted tests would otherwise keep
// running from out/ and fail or pass for code that no longer exists). tsc never removes them itself.
const { existsSync, readdirSync, rmSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = process.argv[2] ?? process.cwd();
const out = join(root, 'out');
let removed = 0;

function walk(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(path);
      continue;
    }
    const match = /^(.*)\.js(\.map)?$/.exec(entry.name);
    if (!match) continue;
    const source = join(root, relative(out, dir), `${match[1]}.ts`);
    if (!existsSync(source)) {
      rmSync(path);
      removed++;
    }
  }
}

walk(out);
if (removed) console.log(`removed ${removed} compiled file(s) from out/ whose source is gone`);
