// What a one-file `lint` loads (docs/performance.md): the shell parser's WebAssembly only when a RUN needs more
// than the fast path, and the same findings either way. Run in a fresh process: a test process may have loaded
// the parser already.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const OUT = path.resolve(__dirname, '../../../server/src');

function lintInFreshProcess(text: string): { parserLoaded: boolean; rules: string[] } {
  const script = `
    const { lintAll } = require(${JSON.stringify(path.join(OUT, 'cli/lintPool'))});
    const { shellParserReady } = require(${JSON.stringify(path.join(OUT, 'core/shell/index'))});
    const settings = { ignore: [], overlay: {}, verbose: false, fromEnvironment: false, shellcheckPath: 'shellcheck' };
    lintAll([{ file: '<stdin>', text: ${JSON.stringify(text)} }], settings, 1, undefined).then(([outcome]) => {
      process.stdout.write(JSON.stringify({ parserLoaded: shellParserReady(), rules: outcome.result.findings.map((f) => f.rule) }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as { parserLoaded: boolean; rules: string[] };
}

describe('one-file lint start-up', function () {
  this.timeout(120_000);

  it('does not load the shell parser for RUNs the fast path reads, and still finds what is in them', () => {
    const fast = lintInFreshProcess('FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\nRUN cd /tmp && make\n');
    assert.equal(fast.parserLoaded, false);
    assert.ok(fast.rules.includes('apt-lists-not-removed'), fast.rules.join(', '));
  });

  it('loads it for a RUN that needs it (an if statement), with the findings in it', () => {
    const parsed = lintInFreshProcess('FROM debian:bookworm\nRUN if true; then apt-get update && apt-get install -y curl; fi\n');
    assert.equal(parsed.parserLoaded, true);
    assert.ok(parsed.rules.includes('apt-lists-not-removed'), parsed.rules.join(', '));
  });
});
