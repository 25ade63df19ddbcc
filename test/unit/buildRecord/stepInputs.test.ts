// Step inputs from a Dockerfile and a real context folder: which instructions are steps per builder, expanded
// text, build args, .dockerignore'd files left out of COPY digests, and incremental re-hashing after a change.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { ContextHasher } from '../../../server/src/core/buildRecord/contextHasher';
import { stepInputs, type Builder } from '../../../server/src/core/buildRecord/stepInputs';

function context(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-step-inputs-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const DOCKERFILE = [
  'ARG BASE=busybox',
  'FROM ${BASE} AS build',
  'ARG VERSION=1',
  'ENV DIR=/src',
  'WORKDIR /app',
  'COPY src/ $DIR/',
  'RUN echo $VERSION',
  'FROM busybox',
  'COPY --from=build /src /src',
  '',
].join('\n');

async function inputs(root: string, builder: Builder, buildArgs?: Record<string, string>, target?: string) {
  const hasher = new ContextHasher(root, { dockerfile: path.join(root, 'Dockerfile'), builder });
  return (await stepInputs({
    model: parseDockerfile(DOCKERFILE),
    builder,
    buildArgs,
    target,
    hasher,
    imageId: async (ref) => `id-of-${ref}`,
  }))!;
}

describe('buildRecord/stepInputs', () => {
  it('classic makes a step of every instruction, BuildKit of FROM/RUN/COPY/ADD/WORKDIR', async () => {
    const root = context({ 'src/a.txt': 'a', Dockerfile: DOCKERFILE });
    assert.deepEqual(
      (await inputs(root, 'classic')).map((s) => s.line),
      [2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.deepEqual(
      (await inputs(root, 'buildkit')).map((s) => s.line),
      [2, 5, 6, 7, 8, 9],
    );
  });

  it('expands ARG/ENV in text, hands build args to RUN, resolves bases and stage reads', async () => {
    const root = context({ 'src/a.txt': 'a', Dockerfile: DOCKERFILE });
    const steps = await inputs(root, 'buildkit', { VERSION: '7', BASE: 'alpine' });
    const at = (line: number) => steps.find((s) => s.line === line)!;
    assert.deepEqual(at(2).base, { ref: 'alpine', id: 'id-of-alpine' });
    assert.equal(at(6).text, 'COPY src/ /src/');
    assert.deepEqual(at(7).args, { VERSION: '7' });
    assert.equal(at(7).env?.DIR, '/src');
    assert.equal(at(7).env?.WORKDIR, '/app');
    assert.deepEqual(at(9).stages, [0]);
    assert.deepEqual(Object.keys(at(6).sources!.files), ['src/a.txt']);
  });

  it('BuildKit builds only the stages the target needs', async () => {
    const root = context({ 'src/a.txt': 'a', Dockerfile: DOCKERFILE });
    assert.deepEqual(
      (await inputs(root, 'buildkit', undefined, 'build')).map((s) => s.stage),
      [0, 0, 0, 0],
    );
  });

  it("leaves .dockerignore'd files out, and re-reads only files a watcher reported", async () => {
    const root = context({ 'src/a.txt': 'a', 'src/b.log': 'log', '.dockerignore': '*/*.log\n', Dockerfile: DOCKERFILE });
    const hasher = new ContextHasher(root, { dockerfile: path.join(root, 'Dockerfile'), builder: 'buildkit' }, true);
    const first = await hasher.digest(['src']);
    assert.deepEqual(Object.keys(first.files), ['src/a.txt']);
    fs.writeFileSync(path.join(root, 'src/a.txt'), 'changed');
    // Not reported yet: a watched hasher trusts what it hashed.
    assert.equal((await hasher.digest(['src'])).digest, first.digest);
    hasher.changed([path.join(root, 'src/a.txt')]);
    const second = await hasher.digest(['src']);
    assert.notEqual(second.digest, first.digest);
    fs.writeFileSync(path.join(root, 'src/new.txt'), 'new');
    hasher.changed(['src/new.txt']);
    assert.deepEqual(Object.keys((await hasher.digest(['src'])).files), ['src/a.txt', 'src/new.txt']);
    fs.rmSync(path.join(root, 'src/new.txt'));
    hasher.changed(['src/new.txt']);
    assert.deepEqual(Object.keys((await hasher.digest(['src'])).files), ['src/a.txt']);
  });
});
