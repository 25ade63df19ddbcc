// The forecast's comparison of step inputs: the first changed input rebuilds its step and the rest of the stage,
// and steps reading a rebuilt stage; the reason names the input.
import * as assert from 'node:assert/strict';
import { forecast } from '../../../server/src/core/buildRecord/forecast';
import type { StepInputs } from '../../../server/src/core/buildRecord/stepInputs';

const base: StepInputs[] = [
  { line: 1, stage: 0, keyword: 'FROM', text: 'FROM node:22', base: { ref: 'node:22', id: 'sha256:a' } },
  {
    line: 2,
    stage: 0,
    keyword: 'COPY',
    text: 'COPY package.json ./',
    env: { WORKDIR: '/' },
    sources: { digest: 'd1', files: { 'package.json': 'p1' } },
  },
  { line: 3, stage: 0, keyword: 'RUN', text: 'RUN npm ci', args: { V: '1' }, env: { WORKDIR: '/', USER: '', SHELL: '/bin/sh -c' } },
  {
    line: 4,
    stage: 0,
    keyword: 'COPY',
    text: 'COPY . .',
    env: { WORKDIR: '/' },
    sources: { digest: 'd2', files: { 'src/a.txt': 'a1', 'package.json': 'p1' } },
  },
  { line: 5, stage: 1, keyword: 'FROM', text: 'FROM nginx', base: { ref: 'nginx', id: 'sha256:n' } },
  { line: 6, stage: 1, keyword: 'COPY', text: 'COPY --from=0 /app /app', stages: [0], env: { WORKDIR: '/' } },
];

const edit = (line: number, change: Partial<StepInputs>) => base.map((s) => (s.line === line ? { ...s, ...change } : s));
const verdicts = (steps: StepInputs[]) =>
  forecast(steps, { steps: base }).map((f) => (f.rebuild ? `${f.line}: ${f.reason}` : `${f.line}: cached`));

describe('buildRecord/forecast', () => {
  it('unchanged inputs: every step cached, no reason', () => {
    assert.deepEqual(forecast(base, { steps: base })[2], { line: 3, instruction: 'RUN', rebuild: false });
    assert.deepEqual(verdicts(base), ['1: cached', '2: cached', '3: cached', '4: cached', '5: cached', '6: cached']);
  });

  it('a changed source file: that COPY, the rest of its stage, and the stage copying from it', () => {
    const steps = edit(4, { sources: { digest: 'd3', files: { 'src/a.txt': 'a2', 'package.json': 'p1' } } });
    assert.deepEqual(verdicts(steps), ['1: cached', '2: cached', '3: cached', '4: src/a.txt changed', '5: cached', '6: follows line 4']);
  });

  it('added and removed files, build args, ENV, WORKDIR, base images and text are named', () => {
    assert.equal(verdicts(edit(4, { sources: { digest: 'x', files: { 'package.json': 'p1' } } }))[3], '4: src/a.txt removed');
    assert.equal(
      verdicts(edit(2, { sources: { digest: 'x', files: { 'package.json': 'p1', 'yarn.lock': 'y' } } }))[1],
      '2: yarn.lock added',
    );
    assert.equal(verdicts(edit(3, { args: { V: '2' } }))[2], '3: --build-arg V changed');
    assert.equal(
      verdicts(edit(3, { env: { WORKDIR: '/', USER: '', SHELL: '/bin/sh -c', NODE_ENV: 'production' } }))[2],
      '3: ENV NODE_ENV changed',
    );
    assert.equal(verdicts(edit(3, { env: { WORKDIR: '/app', USER: '', SHELL: '/bin/sh -c' } }))[2], '3: WORKDIR changed');
    assert.deepEqual(verdicts(edit(1, { base: { ref: 'node:22', id: 'sha256:b' } })).slice(0, 4), [
      '1: base image node:22 changed',
      '2: follows line 1',
      '3: follows line 1',
      '4: follows line 1',
    ]);
    assert.equal(verdicts(edit(3, { text: 'RUN npm ci --omit=dev' }))[2], '3: instruction changed');
  });

  it('an unknown base id (no engine) counts as unchanged; a step the record lacks is new', () => {
    assert.equal(verdicts(edit(1, { base: { ref: 'node:22' } }))[0], '1: cached');
    const longer = [...base.slice(0, 4), { line: 5, stage: 0, keyword: 'RUN', text: 'RUN npm test' }];
    assert.equal(verdicts(longer)[4], '5: new step');
  });
});
