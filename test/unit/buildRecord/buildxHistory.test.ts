// Builds made outside Layerwise: a `docker buildx history logs` text captured from Docker 28 (buildx 0.29, the
// containerd image store) read into per-line time and cache use, and the ways a history record is tied to an image.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import {
  attachmentsName,
  buildOf,
  historyTiming,
  logNames,
  stepsFromHistoryLog,
  type InspectedBuild,
} from '../../../server/src/core/buildRecord/buildxHistory';

const fixtures = path.resolve(__dirname, '../../../../test/fixtures/buildxHistory');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
// The image `docker image inspect` gave for the captured build (containerd store: the index digest).
const IMAGE_ID = 'sha256:2402c239653480681d2c9feb03d7f3ce862ad03a6716735b3c34f793ea39b3f3';

describe('buildRecord/buildxHistory', () => {
  const model = parseDockerfile(read('Dockerfile'));
  const log = read('logs.txt');

  it('reads each step of a captured history log: the cached ones and the time of the one that ran', () => {
    assert.deepEqual(stepsFromHistoryLog(model, log), [
      { line: 1, keyword: 'FROM', cached: false, seconds: 0 },
      { line: 2, keyword: 'COPY', cached: true, seconds: 0 },
      { line: 3, keyword: 'RUN', cached: true, seconds: 0 },
      { line: 4, keyword: 'RUN', cached: false, seconds: 0.5 },
    ]);
  });

  it('a step the log gives no time is unknown, not 0', () => {
    const cut = log.replace('#8 DONE 0.5s', '#8 ERROR: canceled');
    const steps = stepsFromHistoryLog(model, cut);
    assert.deepEqual(
      steps.find((s) => s.line === 4),
      { line: 4, keyword: 'RUN' },
    );
    assert.deepEqual(historyTiming({ ref: 'x', steps })(4, 'RUN'), { timeFrom: 'engine-history' });
  });

  it('timing per line is marked as from the engine history; another instruction on that line gets nothing', () => {
    const timing = historyTiming({ ref: 'x', steps: stepsFromHistoryLog(model, log) });
    assert.deepEqual(timing(4, 'RUN'), { seconds: 0.5, cached: false, timeFrom: 'engine-history' });
    assert.deepEqual(timing(3, 'run'), { seconds: 0, cached: true, timeFrom: 'engine-history' });
    assert.deepEqual(timing(4, 'COPY'), {});
    assert.deepEqual(historyTiming(undefined)(4, 'RUN'), {});
  });

  it('ties the record to the image by its attachments, else by the digest the log says was exported', () => {
    const inspected = JSON.parse(read('inspect.json')) as InspectedBuild;
    assert.equal(attachmentsName(inspected, IMAGE_ID), true);
    assert.equal(attachmentsName(inspected, 'sha256:' + '0'.repeat(64)), false);
    assert.equal(logNames(log, IMAGE_ID), true);
    assert.equal(logNames(log, '2402c239653480681d2c9feb03d7f3ce862ad03a6716735b3c34f793ea39b3f3'), true);
    // The base image's digest is in the log too, but not as what was exported.
    assert.equal(logNames(log, 'sha256:70f440f8b1b20629c67fac24de5a83931be1729926036f41f060f88c838d9542'), false);
  });

  it('ties a record to a Dockerfile by its context and file name (a relative context by its folder name)', () => {
    const inspected = JSON.parse(read('inspect.json')) as InspectedBuild & { Name: string };
    // As captured: `docker buildx build .` run in the context folder records Context "." and that folder's name.
    assert.equal(inspected.Context, '.');
    const folder = path.join(path.sep, 'home', 'u', inspected.Name);
    assert.equal(buildOf(inspected, path.join(folder, 'Dockerfile')), true);
    assert.equal(buildOf(inspected, path.join(folder, 'other.Dockerfile')), false);
    assert.equal(buildOf(inspected, path.join(path.sep, 'home', 'u', 'elsewhere', 'Dockerfile')), false);
    assert.equal(
      buildOf({ ...inspected, Context: folder, Dockerfile: 'sub/Dockerfile.dev' }, path.join(folder, 'sub', 'Dockerfile.dev')),
      true,
    );
    assert.equal(buildOf({ ...inspected, Context: folder }, path.join(folder, 'sub', 'Dockerfile')), false);
    assert.equal(buildOf({ ...inspected, Context: 'https://example.invalid/repo.git' }, path.join(folder, 'Dockerfile')), false);
  });
});
