import * as assert from 'node:assert/strict';
import { findings, lines } from '../harness';

describe('unreachable-stage', () => {
  it('reports a stage nothing builds FROM or copies from', () => {
    const text =
      'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM alpine:3.20 AS old\nRUN true\nFROM alpine:3.20\nCOPY --from=build /app /app\n';
    assert.deepEqual(lines('unreachable-stage', text), [3]);
    assert.match(findings('unreachable-stage', text)[0].message, /--target old/);
  });

  it('reports an unnamed stage, which no --target can build', () => {
    const text = 'FROM alpine:3.20\nRUN echo one\nFROM alpine:3.20\nRUN echo two\n';
    assert.deepEqual(lines('unreachable-stage', text), [1]);
    assert.match(findings('unreachable-stage', text)[0].message, /without a name/);
  });

  it('follows references through stages: copied-from, FROM-parents, mounts, indices, any case', () => {
    const text = [
      'FROM alpine:3.20 AS Deps',
      'FROM deps AS base',
      'FROM alpine:3.20 AS tools',
      'FROM alpine:3.20',
      'FROM base AS build',
      'RUN --mount=type=bind,from=TOOLS,target=/t /t/run',
      'COPY --from=3 /x /x',
      'FROM alpine:3.20',
      'COPY --from=build /app /app',
      '',
    ].join('\n');
    assert.deepEqual(lines('unreachable-stage', text), []);
  });

  it('a stage only an unreached stage uses is unreached too', () => {
    const text = 'FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=a /x /x\nFROM alpine:3.20\nRUN true\n';
    assert.deepEqual(lines('unreachable-stage', text), [1, 2]);
  });

  it('takes several named stages nothing uses for targets of a multi-target file, and what they use as needed', () => {
    const text = [
      'FROM alpine:3.20 AS base',
      'FROM base AS lint',
      'FROM alpine:3.20',
      'RUN echo leftover',
      'FROM base AS test',
      'FROM alpine:3.20 AS release',
      '',
    ].join('\n');
    assert.deepEqual(lines('unreachable-stage', text), [3]);
  });

  it('says nothing when a reference depends on a build argument', () => {
    const text = 'ARG FLAVOR=a\nFROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nFROM alpine:3.20\nCOPY --from=${FLAVOR} /x /x\n';
    assert.deepEqual(lines('unreachable-stage', text), []);
    const fromArg = 'ARG ROOT=base\nFROM alpine:3.20 AS base\nFROM alpine:3.20 AS other\nFROM $ROOT\n';
    assert.deepEqual(lines('unreachable-stage', fromArg), []);
    const taggedArg = 'ARG V=3.20\nFROM alpine:3.20 AS other\nFROM alpine:${V}\n';
    assert.deepEqual(lines('unreachable-stage', taggedArg), [2]);
  });

  it('is quiet on single-stage files and on an image named like a stage but tagged', () => {
    assert.deepEqual(lines('unreachable-stage', 'FROM alpine:3.20\nRUN true\n'), []);
    assert.deepEqual(lines('unreachable-stage', 'RUN true\n'), []);
    const tagged = 'FROM alpine:3.20 AS base\nFROM base:1\nRUN true\n';
    assert.deepEqual(lines('unreachable-stage', tagged), [1]);
  });
});
