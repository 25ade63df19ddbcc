// ShellCheck's results kept between `lint` runs (core/shellcheck/resultCache.ts): a second run over the same
// files gives the same output and starts no shellcheck; an edited RUN alone is checked again; another binary, or
// no cache folder, means checking again. The real binary, behind a wrapper script that logs each call.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';
import { requireShellcheck } from '../../helpers/shellcheck';

const DOCKERFILE = 'FROM debian:12\nARG VERSION\nRUN echo "$VERSION" \\\n  && tar xf $archive\nRUN echo $HOME > /x\nRUN cp $1 /y\n';

describe('ShellCheck result cache (spawned CLI, real shellcheck behind a counting wrapper)', function () {
  this.timeout(120_000);
  let dir: string;
  let wrapper: string;
  let log: string;
  before(function () {
    requireShellcheck(this);
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-shellcheck-cache-'));
    log = path.join(dir, 'calls.log');
    wrapper = path.join(dir, 'shellcheck-wrapper.sh');
    // One line per call: how many scripts it was given (the arguments after `--`).
    fs.writeFileSync(
      wrapper,
      `#!/bin/sh\nn=0; seen=; for a in "$@"; do if [ -n "$seen" ]; then n=$((n+1)); fi; [ "$a" = -- ] && seen=1; done\n` +
        `echo "$n" >> '${log}'\nexec shellcheck "$@"\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const calls = (): number[] => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map(Number) : []);
  const lint = (cache: string) =>
    runCli(['lint', '--format', 'json', '--shellcheck', wrapper, 'Dockerfile'], { cwd: dir, env: { LAYERWISE_CACHE_DIR: cache } });

  it('a second run gives identical output and starts no shellcheck; an edited RUN alone is checked again', () => {
    const cache = path.join(dir, 'cache');
    const first = lint(cache);
    assert.equal(first.code, 1, first.stderr);
    assert.ok(/"SC2154"/.test(first.stdout) && /"SC2086"/.test(first.stdout), first.stdout);
    assert.deepEqual(calls(), [3], 'one call for the three RUNs');
    const second = lint(cache);
    assert.deepEqual([second.code, second.stdout, second.stderr], [first.code, first.stdout, first.stderr]);
    assert.deepEqual(calls(), [3], 'no shellcheck on the second run');

    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE.replace('cp $1 /y', 'cp "$1" /y'));
    const edited = lint(cache);
    assert.deepEqual(calls(), [3, 1], 'only the edited RUN');
    assert.ok(!/"SC2086"[^}]*"line": 6/.test(edited.stdout));
  });

  it('checks again for another binary (the wrapper changed) and keeps nothing when LAYERWISE_CACHE_DIR is empty', () => {
    const cache = path.join(dir, 'cache');
    const first = lint(cache);
    fs.appendFileSync(wrapper, '# another version\n');
    const other = lint(cache);
    assert.deepEqual(calls(), [3, 3]);
    assert.equal(other.stdout, first.stdout);

    const uncached = [lint(''), lint('')];
    assert.deepEqual(calls(), [3, 3, 3, 3]);
    assert.equal(uncached[1].stdout, first.stdout);
  });
});
