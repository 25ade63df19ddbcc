#!/usr/bin/env node
// `npm run verify-fixes [-- --write-docs] [-- --only a,b]`: compiles the tests and runs the fix-verification
// harness (test/verify) against the real Docker engine. --write-docs rewrites the table and the corpus fix
// counts in docs/fixes.md.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const env = { ...process.env };
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--write-docs') env.LAYERWISE_WRITE_FIXES_DOC = '1';
  else if (args[i] === '--only' && args[i + 1]) env.LAYERWISE_FIXTURES = args[++i];
  else {
    console.error(`verify-fixes: unknown argument ${args[i]} (use --write-docs, --only a,b)`);
    process.exit(2);
  }
}
const run = (cmd, argv) => spawnSync(cmd, argv, { cwd: root, env, stdio: 'inherit' }).status ?? 1;
// Under scripts/test-all.sh (it sets LAYERWISE_SUMMARY) the tests are already compiled.
if (!env.LAYERWISE_SKIP_COMPILE && !env.LAYERWISE_SUMMARY && run('npx', ['--no-install', 'tsc', '-p', '.']) !== 0) {
  // Other files' type errors do not stop the emit; a missing harness does.
  console.error('verify-fixes: tsc reported errors (continuing with what it emitted)');
}
const status = run('npx', [
  '--no-install',
  'mocha',
  '--reporter',
  resolve(root, 'scripts/lib/mocha-summary-reporter.cjs'),
  '--timeout',
  '1200000',
  'out/test/verify/**/*.test.js',
]);
// The corpus counts in docs/fixes.md come from the unit test of issue 6 part 3 (no engine needed).
if (env.LAYERWISE_WRITE_FIXES_DOC === '1' && run('npx', ['--no-install', 'mocha', 'out/test/unit/corpusFix.test.js']) !== 0)
  process.exit(1);
process.exit(status);
