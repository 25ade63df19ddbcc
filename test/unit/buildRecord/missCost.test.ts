// copy-before-deps says what a cache miss costs when a recorded build timed the install.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeModel } from '../../../server/src/core/analyze';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { initShellParser } from '../../../server/src/core/shell/index';
import { recordedStepSeconds } from '../../../server/src/core/buildRecord/stepTiming';
import { writeRecord } from '../../../server/src/core/buildRecord/recordStore';

const TEXT = 'FROM node:22\nCOPY . .\nRUN npm ci\n';

describe('buildRecord: the cost of a cache miss in copy-before-deps', () => {
  before(() => initShellParser());

  function message(stepSeconds?: (line: number) => number | undefined): string {
    const findings = analyzeModel(parseDockerfile(TEXT), { context: { dockerignoreExists: true, stepSeconds } as never });
    const finding = findings.find((f) => f.rule === 'copy-before-deps');
    assert.ok(finding, JSON.stringify(findings.map((f) => f.rule)));
    return finding.message;
  }

  it('names the recorded time of the install, from the last recorded build of the Dockerfile', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-miss-cost-'));
    const dockerfile = path.join(root, 'Dockerfile');
    const env = { LAYERWISE_CACHE_DIR: path.join(root, 'records') };
    const step = (line: number, keyword: string, seconds: number, cached: boolean) => ({
      line,
      stage: 0,
      keyword,
      text: keyword,
      seconds,
      cached,
    });
    writeRecord(
      {
        version: 1,
        dockerfile,
        context: root,
        imageId: 'sha256:1',
        builder: 'buildkit',
        buildArgs: {},
        finishedAt: new Date().toISOString(),
        seconds: 42,
        steps: [step(2, 'COPY', 0.2, false), step(3, 'RUN', 41.2, false)],
      },
      env,
    );
    assert.match(message(recordedStepSeconds(dockerfile, env)), /re-runs the install\..* Last build: `npm ci` took 41\.2 s\.$/);
  });

  it('says nothing of time when no recorded build timed the install', () => {
    assert.doesNotMatch(message(), /Last build/);
    assert.doesNotMatch(
      message(() => undefined),
      /Last build/,
    );
  });
});
