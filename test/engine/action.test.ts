// The GitHub Action's lint and diff steps (action.yml), run as GitHub runs them (`bash -eo pipefail`, GITHUB_OUTPUT,
// GITHUB_STEP_SUMMARY, RUNNER_TEMP) against two real builds. `npx` is this checkout's CLI (dist/cli.js)
// instead of the published package; the PR comment step needs GitHub and is not run here.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from '../harness/paths';
import { buildImage, makeContext, removeTestImages, uniqueTag } from './engineFixtures';
import { hostEngine, requireBase } from './engineMatrix';

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const steps = (parse(fs.readFileSync(path.join(REPO_ROOT, 'action.yml'), 'utf8')) as { runs: { steps: { id?: string; run?: string }[] } })
  .runs.steps;

/** Runs the step `id` with these env values (its `env:` as GitHub would fill it); returns status and outputs. */
function runStep(id: string, env: Record<string, string>, dir: string) {
  const step = steps.find((s) => s.id === id);
  if (!step?.run) throw new Error(`action.yml has no run step "${id}"`);
  const runner = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-action-'));
  const bin = path.join(runner, 'bin');
  fs.mkdirSync(bin);
  // npx --yes PACKAGE ARGS… → node dist/cli.js ARGS…
  fs.writeFileSync(path.join(bin, 'npx'), `#!/bin/sh\nshift 2\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
  const files = { GITHUB_OUTPUT: path.join(runner, 'output'), GITHUB_STEP_SUMMARY: path.join(runner, 'summary'), RUNNER_TEMP: runner };
  fs.writeFileSync(files.GITHUB_OUTPUT, '');
  fs.writeFileSync(files.GITHUB_STEP_SUMMARY, '');
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...hostEngine().env, ...files, PATH: `${bin}:${process.env.PATH}`, PACKAGE: 'layerwise@0.0.0', ...env },
  });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(files.GITHUB_OUTPUT, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { status: result.status, stderr: result.stderr, outputs, summary: fs.readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

describe('[host] engine: the GitHub Action steps', function () {
  this.timeout(300_000);
  let dir: string;
  let baseTag: string;
  let headTag: string;
  before(async function () {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm run test:engine does)`);
    const busybox = await requireBase(hostEngine(), 'busybox', this);
    dir = makeContext({
      'Dockerfile.base': `FROM ${busybox}\nRUN echo one > /one\n`,
      Dockerfile: `FROM ${busybox}\nRUN echo one > /one\nRUN head -c 3000000 /dev/zero > /three\n`,
    });
    baseTag = await buildImage('classic', dir, uniqueTag('teams-action-base'), [], 'Dockerfile.base');
    headTag = await buildImage('classic', dir, uniqueTag('teams-action-head'), [], 'Dockerfile');
  });
  after(async () => {
    await removeTestImages();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lint: SARIF in the output file; the status decides the last step, not this one', () => {
    const r = runStep('lint', { PATHS: '', DOCKERFILE: 'Dockerfile', THRESHOLD: 'hint' }, dir);
    assert.equal(r.status, 0, r.stderr);
    const sarif = JSON.parse(fs.readFileSync(r.outputs['sarif-file'], 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.equal(r.outputs.status, sarif.runs[0].results.length ? '1' : '0');
  });

  it('diff: the Markdown in the summary and an output file, the growth in bytes, status 1 past max-growth', () => {
    const within = runStep('diff', { DOCKERFILE: 'Dockerfile', BASE_IMAGE: baseTag, HEAD_IMAGE: headTag, MAX_GROWTH: '' }, dir);
    assert.equal(within.status, 0, within.stderr);
    assert.equal(within.outputs['growth-bytes'], '3000000');
    assert.equal(within.outputs.status, '0');
    const markdown = fs.readFileSync(within.outputs['markdown-file'], 'utf8');
    assert.match(markdown, /^\| 3 \| `RUN head -c 3000000 \/dev\/zero > \/three` \| — \| 3\.0 MB \| \+3\.0 MB \|$/m);
    assert.equal(within.summary, markdown);
    const over = runStep('diff', { DOCKERFILE: 'Dockerfile', BASE_IMAGE: baseTag, HEAD_IMAGE: headTag, MAX_GROWTH: '1MB' }, dir);
    assert.equal(over.status, 0, over.stderr);
    assert.equal(over.outputs.status, '1');
  });

  it('diff: a missing image fails the step itself (exit 2)', () => {
    const r = runStep('diff', { DOCKERFILE: 'Dockerfile', BASE_IMAGE: `${baseTag}-gone`, HEAD_IMAGE: headTag, MAX_GROWTH: '' }, dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /No image ".*-gone" in the engine/);
  });
});
