// `node dist/cli.js layers` against the main engine: JSON rows equal the engine's history sizes, the text
// table says "changed since build" for an edited line, and usage errors exit 2 with a message.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { requireBaseImage } from '../helpers/docker';
import { buildImage, cliHistory, makeContext, removeTestImages, uniqueTag } from './engineFixtures';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run test:engine does)`);
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, DOCKER_HOST: '' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('engine: layerwise layers (CLI)', function () {
  this.timeout(120_000);
  let context: string;
  let tag: string;
  before(async () => {
    const busybox = await requireBaseImage('busybox');
    context = makeContext({ 'Dockerfile': `FROM ${busybox}\nENV A=1\nRUN dd if=/dev/zero of=/f bs=1k count=30\nRUN echo two > /2\n` });
    tag = await buildImage('buildkit', context, uniqueTag('cli'));
  });
  after(removeTestImages);

  it('--format json: one row per instruction, sizes as the engine reports them', async () => {
    const r = cli(['layers', '--image', tag, '--format', 'json', path.join(context, 'Dockerfile')]);
    assert.equal(r.status, 0, r.stderr);
    const rows = JSON.parse(r.stdout) as { line: number; instruction: string; sizeBytes: number; createdBy: string; matched: boolean }[];
    const history = await cliHistory(tag);
    assert.deepEqual(rows.map((x) => [x.line, x.instruction, x.matched]), [[1, 'FROM', true], [2, 'ENV', true], [3, 'RUN', true], [4, 'RUN', true]]);
    assert.deepEqual(rows.slice(1).map((x) => x.sizeBytes), history.slice(0, 3).reverse().map((h) => h.size));
    assert.equal(rows[0].sizeBytes, history.slice(3).reduce((s, h) => s + h.size, 0));
  });

  it('--format text after an edit: a table with "changed since build" on the edited line', () => {
    const edited = fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8').replace('echo two', 'echo TWO');
    const file = path.join(context, 'Dockerfile.edited');
    fs.writeFileSync(file, edited);
    const r = cli(['layers', '--image', tag, file]);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    assert.match(lines[0], new RegExp(`^image ${tag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · `));
    assert.match(lines.find((l) => /^\s*4\s/.test(l))!, /changed since build/);
    assert.match(lines.find((l) => /^\s*2\s/.test(l))!, /metadata only/);
    assert.match(lines.find((l) => /^\s*3\s/.test(l))!, /\b3\d kB/);
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
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr.split('\n')[0], message);
    }
  });
});
