// `node dist/cli.js layers` against every engine of the matrix (reached through DOCKER_HOST): JSON rows equal the
// engine's history sizes, the text table's header names the reference given and the unpacked total, it says
// "changed since build" for an edited line, and usage errors exit 2 with a message.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatBytes } from '../../common/format';
import { buildImage, cliHistory, docker, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { engines, requireBase, type TestEngine } from './engineMatrix';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function cli(engine: TestEngine, args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run test:engine does)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: engine.env });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

for (const engine of engines())
  describe(`[${engine.name}] engine: layerwise layers (CLI)`, function () {
    this.timeout(120_000);
    let context: string;
    let tag: string;
    before(async function () {
      const busybox = await requireBase(engine, 'busybox', this);
      context = makeContext({ Dockerfile: `FROM ${busybox}\nENV A=1\nRUN dd if=/dev/zero of=/f bs=1k count=30\nRUN echo two > /2\n` });
      tag = await buildImage(engine.builders.at(-1)!, context, uniqueTag('cli'), [], 'Dockerfile', engine);
    });
    after(removeTestImages);

    it('--format json: one row per instruction, sizes as the engine reports them', async () => {
      const r = cli(engine, ['layers', '--image', tag, '--format', 'json', path.join(context, 'Dockerfile')]);
      assert.equal(r.status, 0, r.stderr);
      const rows = JSON.parse(r.stdout) as { line: number; instruction: string; sizeBytes: number; createdBy: string; matched: boolean }[];
      const history = await cliHistory(tag, engine);
      assert.deepEqual(
        rows.map((x) => [x.line, x.instruction, x.matched]),
        [
          [1, 'FROM', true],
          [2, 'ENV', true],
          [3, 'RUN', true],
          [4, 'RUN', true],
        ],
      );
      assert.deepEqual(
        rows.slice(1).map((x) => x.sizeBytes),
        history
          .slice(0, 3)
          .reverse()
          .map((h) => h.size),
      );
      assert.equal(
        rows[0].sizeBytes,
        history.slice(3).reduce((s, h) => s + h.size, 0),
      );
    });

    it('the header: the reference given (not the first tag) and the unpacked total, the sum of the lines', async () => {
      const history = await cliHistory(tag, engine);
      const total = history.reduce((sum, h) => sum + h.size, 0);
      const id = (await docker(['image', 'inspect', '--format', '{{.Id}}', tag], engine)).trim();
      // By id (the engine lists a tag first) and by a second tag: the header names what was asked for.
      const alias = `${tag}-alias`;
      await docker(['tag', tag, alias], engine);
      try {
        for (const ref of [id.replace(/^sha256:/, '').slice(0, 12), alias]) {
          const r = cli(engine, ['layers', '--image', ref, path.join(context, 'Dockerfile')]);
          assert.equal(r.status, 0, r.stderr);
          assert.match(r.stdout.split('\n')[0], new RegExp(`^image ${escape(ref)} · ${escape(formatBytes(total))} · `));
        }
      } finally {
        await docker(['rmi', alias], engine);
      }
    });

    it('--format text after an edit: a table with "changed since build" on the edited line', async () => {
      const history = await cliHistory(tag, engine); // newest first: RUN echo, RUN dd, ENV, base…
      const edited = fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8').replace('echo two', 'echo TWO');
      const file = path.join(context, 'Dockerfile.edited');
      fs.writeFileSync(file, edited);
      const r = cli(engine, ['layers', '--image', tag, file]);
      assert.equal(r.status, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.match(lines[0], new RegExp(`^image ${escape(tag)} · `));
      assert.match(
        lines.find((l) => /^\s*4\s/.test(l))!,
        /changed since build/,
      );
      assert.match(
        lines.find((l) => /^\s*2\s/.test(l))!,
        /metadata only/,
      );
      assert.match(
        lines.find((l) => /^\s*3\s/.test(l))!,
        new RegExp(`\\b${escape(formatBytes(history[1].size))}\\s`),
      );
    });

    it('usage errors and unreadable input exit 2 with a message', () => {
      const file = path.join(context, 'Dockerfile');
      for (const [args, message] of [
        [['layers', file], /needs --image/],
        [['layers', '--image', tag, path.join(context, 'nope')], /no such file/],
        [['layers', '--image', tag, '--format', 'xml', file], /--format must be one of json, text/],
        [['layers', '--image', tag, context], /is a directory/],
        [['layers', '--image', 'layerwise-test-engine-absent:1', file], /not found/],
      ] as [string[], RegExp][]) {
        const r = cli(engine, args);
        assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.match(r.stderr.split('\n')[0], message);
      }
    });
  });
