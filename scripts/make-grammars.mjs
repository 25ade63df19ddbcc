// Writes syntaxes/*.tmLanguage.json from the YAML sources next to them. The grammars are written in
// YAML because regexes stay readable there (no JSON double escaping); VS Code reads the JSON.
// `--check` exits 1 when a JSON file is not what its YAML gives (the grammar unit test runs this).
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const dir = new URL('../syntaxes/', import.meta.url).pathname;
const check = process.argv.includes('--check');
let stale = 0;
for (const source of readdirSync(dir).filter((f) => f.endsWith('.tmLanguage.yaml'))) {
  const target = source.replace(/\.yaml$/, '.json');
  const grammar = {
    information_for_contributors: [`Generated from ${source} by scripts/make-grammars.mjs: edit that file, not this one.`],
    ...parse(readFileSync(join(dir, source), 'utf8')),
  };
  const json = JSON.stringify(grammar, null, 2) + '\n';
  let current = '';
  try {
    current = readFileSync(join(dir, target), 'utf8');
  } catch {
    /* not generated yet */
  }
  if (current === json) continue;
  if (check) {
    console.error(`syntaxes/${target} is stale: run node scripts/make-grammars.mjs`);
    stale++;
    continue;
  }
  writeFileSync(join(dir, target), json);
  console.log(`wrote syntaxes/${target}`);
}
process.exit(stale ? 1 : 0);
