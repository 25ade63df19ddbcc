// `layerwise build` and `forecast` refuse bad input with exit 2 and a message, before any engine is asked.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';

describe('cli: build and forecast usage errors', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cli-time-cache-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM busybox\nRUN true\n');
  const env = { LAYERWISE_CACHE_DIR: path.join(dir, 'records') };

  const cases: [string, string[], RegExp][] = [
    ['forecast without a Dockerfile', ['forecast'], /forecast needs exactly one DOCKERFILE/],
    ['forecast with an unknown format', ['forecast', '--format', 'xml', 'Dockerfile'], /--format must be one of json, text/],
    ['forecast of a missing file', ['forecast', 'nothere'], /nothere/],
    ['forecast with a bad build arg', ['forecast', '--build-arg', '1X=2', 'Dockerfile'], /--build-arg needs NAME=VALUE/],
    ['forecast before any recorded build', ['forecast', 'Dockerfile'], /no build of .*Dockerfile was recorded/],
    ['build of a missing folder', ['build', 'nothere'], /nothere: not a folder/],
    ['build with an unknown builder', ['build', '--builder', 'kaniko', '.'], /--builder must be one of classic, buildkit/],
    ['build with a missing -f', ['build', '-f', 'Other', '.'], /Other: no such Dockerfile/],
    ['build with a bad tag', ['build', '-t', 'Bad Tag', '.'], /Bad Tag|reference/i],
  ];
  for (const [title, args, message] of cases)
    it(title, () => {
      const r = runCli(args, { cwd: dir, env });
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '');
    });
});
