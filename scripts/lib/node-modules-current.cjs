// Exit 0 when node_modules matches package-lock.json, 1 (with the first difference on stderr) when `npm ci` is due.
// npm records what it installed in node_modules/.package-lock.json; comparing versions of every package is exact
// and, unlike comparing file times, is not fooled by an `npm install` that wrote both files moments apart.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const root = process.argv[2] ?? process.cwd();
function packages(file) {
  try {
    return JSON.parse(readFileSync(join(root, file), 'utf8')).packages ?? {};
  } catch {
    return undefined;
  }
}

const wanted = packages('package-lock.json');
const installed = packages('node_modules/.package-lock.json');
if (!wanted) {
  console.error('no readable package-lock.json');
  process.exit(1);
}
if (!installed) {
  console.error('node_modules is missing or was not installed by npm');
  process.exit(1);
}
for (const [path, entry] of Object.entries(wanted)) {
  if (!path.startsWith('node_modules/')) continue;
  // npm leaves packages for other platforms (optional, os/cpu-restricted) out of the hidden lockfile.
  if (entry.optional && !installed[path]) continue;
  if (installed[path]?.version !== entry.version) {
    console.error(`${path}: want ${entry.version}, have ${installed[path]?.version ?? 'nothing'}`);
    process.exit(1);
  }
}
