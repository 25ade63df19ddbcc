// Step times and cache use from build output, on lines as the 20.10 client prints them (classic and BuildKit).
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { StepLogReader } from '../../../server/src/core/buildRecord/stepLog';

const DOCKERFILE = 'FROM busybox\nARG V=1\nCOPY a.txt /a\nRUN echo $V > /v\n';

describe('buildRecord/stepLog', () => {
  it('classic: "Using cache" marks a step reused; a step lasts until the next one starts', () => {
    const reader = new StepLogReader(parseDockerfile(DOCKERFILE));
    const lines: [string, number][] = [
      ['Step 1/4 : FROM busybox', 0],
      [' ---> 9dd1ee65fa7a', 10],
      ['Step 2/4 : ARG V=1', 10],
      [' ---> Using cache', 20],
      [' ---> e891c80c9354', 30],
      ['Step 3/4 : COPY a.txt /a', 30],
      [' ---> 149a80ef68ea', 1230],
      ['Step 4/4 : RUN echo $V > /v', 1230],
      [' ---> Running in dd81f7812c45', 1300],
      ['Removing intermediate container dd81f7812c45', 5900],
      [' ---> fcc3a1e92c25', 5954],
      ['Successfully built fcc3a1e92c25', 5960],
    ];
    for (const [line, at] of lines) reader.push(line, at);
    assert.deepEqual(reader.finish(6000), [
      { line: 1, cached: false, seconds: 0.01 },
      { line: 2, cached: true, seconds: 0.02 },
      { line: 3, cached: false, seconds: 1.2 },
      { line: 4, cached: false, seconds: 4.724 },
    ]);
  });

  it('BuildKit: CACHED and DONE per vertex, also when the output ran into the status line', () => {
    const reader = new StepLogReader(parseDockerfile(DOCKERFILE));
    for (const line of [
      '#4 [1/3] FROM docker.io/library/busybox',
      '#4 DONE 0.0s',
      '#6 [2/3] COPY a.txt /a',
      '#6 CACHED',
      '#7 [3/3] RUN echo 1 > /v',
      '#7 1.204 no newline#7 DONE 1.4s',
    ])
      reader.push(line, 0);
    assert.deepEqual(reader.finish(0), [
      { line: 1, cached: false, seconds: 0 },
      { line: 3, cached: true, seconds: 0 },
      { line: 4, cached: false, seconds: 1.4 },
    ]);
  });
});
