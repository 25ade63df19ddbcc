// The CLI reads the build context next to each Dockerfile, so fixes that must name the context's files
// (copy-before-deps for cargo, gradle, dotnet, `pip install .`) work from the command line; standard input
// has no context and gets no such fix.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from './runCli';

const CASE = path.resolve(__dirname, '../../../../test/fixtures/rules/copy-before-deps-projects/dotnet-solution');

describe('layerwise fix with the build context (spawned CLI)', function () {
  this.timeout(60_000);

  it("fix --unsafe names the projects of the Dockerfile's folder", () => {
    const result = runCli(['fix', '--unsafe', '--rule', 'copy-before-deps', 'before.Dockerfile'], { cwd: CASE });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, fs.readFileSync(path.join(CASE, 'after.Dockerfile'), 'utf8'));
  });

  it('standard input has no build context: the finding stays, without a fix', () => {
    const text = fs.readFileSync(path.join(CASE, 'before.Dockerfile'), 'utf8');
    const fixed = runCli(['fix', '--unsafe', '--rule', 'copy-before-deps', '-'], { cwd: CASE, input: text });
    assert.equal(fixed.stdout, text);
    const lint = runCli(['lint', '--format', 'json', '-'], { cwd: CASE, input: text });
    const finding = JSON.parse(lint.stdout)[0].diagnostics.find((d: { rule: string }) => d.rule === 'copy-before-deps');
    assert.deepEqual(finding.fixes, []);
  });
});
