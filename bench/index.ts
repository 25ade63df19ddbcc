// `npm run bench`: runs every bench/*.bench.ts (compiled to out/bench) in turn. Each prints its own figures,
// measuring Layerwise and its peer side by side in one run with ratios.
import * as fs from 'node:fs';
import * as path from 'node:path';

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .sort()
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
  let failed = 0;
  for (const file of files) {
    process.stdout.write(`\n=== ${file.replace(/\.bench\.js$/, '')} ===\n`);
    try {
      const mod = require(path.join(__dirname, file)) as { run(): Promise<void> };
      await mod.run();
    } catch (error) {
      failed++;
      process.stdout.write(`FAILED: ${error instanceof Error ? error.stack : String(error)}\n`);
    }
  }
  process.exitCode = failed ? 1 : 0;
}

void main();
