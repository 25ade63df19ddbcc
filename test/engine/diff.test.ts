// `layerwise diff` (dist/cli.js) on two real builds of every engine of the matrix, with each builder it has:
// the head adds 20 MiB in one new RUN and edits another line. The JSON puts the 20 MiB on exactly that line,
// the edited line is compared with the layer it replaced, the Markdown is a well-formed table, SARIF marks
// the line, and --max-growth and a .layerwise.yaml budget decide the exit code.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildImage, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { engines, requireBase, type TestEngine } from './engineMatrix';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');
const MiB = 1024 * 1024;

function cli(engine: TestEngine, args: string[], cwd: string) {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run test:engine does)`);
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: engine.env, cwd, maxBuffer: 16 << 20 });
}

const baseDockerfile = (from: string) => `FROM ${from}\nENV A=1\nRUN echo one > /one\nCOPY f /f\nRUN echo keep > /keep\n`;
// Line 3 edited (13 bytes instead of 4), line 4 new: 20 MiB.
const headDockerfile = (from: string) =>
  `FROM ${from}\nENV A=1\nRUN echo one-and-more > /one\nRUN head -c ${20 * MiB} /dev/zero > /big\nCOPY f /f\nRUN echo keep > /keep\n`;

interface DiffJson {
  growthBytes: number;
  base: { image: string; sizeBytes: number };
  head: { image: string; sizeBytes: number };
  lines: {
    line: number;
    instruction: string;
    baseBytes: number | null;
    headBytes: number | null;
    growthBytes: number;
    changed: boolean;
    files: { path: string; change: string; baseBytes: number | null; headBytes: number | null; growthBytes: number }[];
  }[];
}

/** The GFM tables of a Markdown text: header, delimiter row, body rows with as many cells (`\|` is not a separator). */
function markdownTables(markdown: string): string[][][] {
  const cells = (row: string) =>
    row
      .trim()
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
  const lines = markdown.split('\n');
  const tables: string[][][] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (!lines[i].startsWith('|') || !/^\|(\s*:?-+:?\s*\|)+$/.test(lines[i + 1])) continue;
    const width = cells(lines[i]).length;
    const table = [cells(lines[i])];
    let j = i + 2;
    for (; j < lines.length && lines[j].startsWith('|'); j++) {
      const row = cells(lines[j]);
      assert.equal(row.length, width, `table row with ${row.length} cells under a header of ${width}: ${lines[j]}`);
      table.push(row);
    }
    tables.push(table);
    i = j;
  }
  return tables;
}

for (const engine of engines())
  for (const builder of engine.builders)
    describe(`[${engine.name}] engine: layerwise diff, ${builder} builds`, function () {
      this.timeout(300_000);
      let dir: string;
      let baseTag: string;
      let headTag: string;
      before(async function () {
        const busybox = await requireBase(engine, 'busybox', this);
        dir = makeContext({ 'Dockerfile.base': baseDockerfile(busybox), Dockerfile: headDockerfile(busybox), f: 'file\n' });
        baseTag = await buildImage(builder, dir, uniqueTag(`teams-diff-base-${builder}`), [], 'Dockerfile.base', engine);
        headTag = await buildImage(builder, dir, uniqueTag(`teams-diff-head-${builder}`), [], 'Dockerfile', engine);
      });
      after(async () => {
        await removeTestImages();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
      });

      it('--format json: the 20 MiB on exactly the new RUN line, the edited line against the layer it replaced', () => {
        const r = cli(engine, ['diff', '--format', 'json', '--dockerfile', 'Dockerfile', baseTag, headTag], dir);
        assert.equal(r.status, 0, r.stderr);
        const diff = JSON.parse(r.stdout) as DiffJson;
        const grown = diff.lines.filter((l) => l.growthBytes >= MiB);
        assert.deepEqual(
          grown.map((l) => [l.line, l.instruction, l.baseBytes, l.headBytes, l.growthBytes]),
          [[4, 'RUN', null, 20 * MiB, 20 * MiB]],
        );
        assert.deepEqual(grown[0].files, [{ path: '/big', change: 'added', baseBytes: null, headBytes: 20 * MiB, growthBytes: 20 * MiB }]);
        const edited = diff.lines.find((l) => l.line === 3)!;
        assert.deepEqual([edited.changed, edited.baseBytes, edited.headBytes], [true, 4, 13]);
        assert.deepEqual(
          edited.files.map((f) => [f.path, f.change]),
          [['/one', 'grown']],
        );
        // Unchanged lines compare equal; the total is the head's size minus the base's.
        for (const line of [1, 5, 6]) assert.equal(diff.lines.find((l) => l.line === line)?.growthBytes, 0, `line ${line}`);
        assert.equal(diff.growthBytes, diff.head.sizeBytes - diff.base.sizeBytes);
        assert.equal(diff.growthBytes, 20 * MiB + 9);
      });

      it('--format markdown: a table of the lines that changed size, the top growth line with its text, details', () => {
        const r = cli(engine, ['diff', '--format', 'markdown', baseTag, headTag], dir);
        assert.equal(r.status, 0, r.stderr);
        const [lines, ...fileTables] = markdownTables(r.stdout);
        assert.deepEqual(lines[0], ['Line', 'Instruction', 'Base', 'Head', 'Growth']);
        assert.deepEqual(
          lines.slice(1).map((row) => [row[0], row[4]]),
          [
            ['3', '+9 B'],
            ['4', '+21 MB'],
          ],
        );
        assert.match(r.stdout, new RegExp(`- line 4 \\+21 MB: \`RUN head -c ${20 * MiB} /dev/zero > /big\``));
        assert.match(r.stdout, /<details><summary>Files per line<\/summary>[\s\S]*<\/details>/);
        assert.deepEqual(fileTables[0][1].slice(0, 2), ['`/big`', 'added']);
      });

      it('--format sarif: one result, on line 4, past the threshold', () => {
        const r = cli(engine, ['diff', '--format', 'sarif', '--sarif-threshold', '1MB', baseTag, headTag], dir);
        assert.equal(r.status, 0, r.stderr);
        const results = JSON.parse(r.stdout).runs[0].results as {
          locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[];
        }[];
        assert.deepEqual(
          results.map((x) => [x.locations[0].physicalLocation.artifactLocation.uri, x.locations[0].physicalLocation.region.startLine]),
          [['Dockerfile', 4]],
        );
      });

      it('exit 1 past --max-growth or a .layerwise.yaml budget, 0 within; 2 for a broken budget file', () => {
        assert.equal(cli(engine, ['diff', '--max-growth', '30MiB', baseTag, headTag], dir).status, 0);
        const over = cli(engine, ['diff', '--max-growth', '20MiB', baseTag, headTag], dir);
        assert.equal(over.status, 1, over.stderr);
        assert.match(over.stderr, /more than --max-growth 20971520/);
        const budgetFile = path.join(dir, '.layerwise.yaml');
        try {
          fs.writeFileSync(budgetFile, 'budgets:\n  - dockerfile: Dockerfile\n    maxGrowth: 10MB\n');
          const broken = cli(engine, ['diff', baseTag, headTag], dir);
          assert.equal(broken.status, 1, broken.stderr);
          assert.match(broken.stderr, /growth 21 MB exceeds maxGrowth 10 MB of the budget for Dockerfile \(line 2\)/);
          fs.writeFileSync(budgetFile, 'budgets:\n  - dockerfile: Dockerfile\n    maxGrowth: 50MB\n    maxSize: 100MB\n');
          assert.equal(cli(engine, ['diff', baseTag, headTag], dir).status, 0);
          fs.writeFileSync(budgetFile, 'budgets:\n  - dockerfile: Dockerfile\n    maxGrowht: 50MB\n');
          const typo = cli(engine, ['diff', baseTag, headTag], dir);
          assert.equal(typo.status, 2);
          assert.match(typo.stderr, /\.layerwise\.yaml:2: unknown budget field "maxGrowht"/);
        } finally {
          fs.rmSync(budgetFile, { force: true });
        }
      });
    });
