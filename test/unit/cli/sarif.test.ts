import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './runCli';

// The parts of SARIF 2.1.0 that GitHub code scanning and other consumers require, checked field by field
// (the OASIS schema is not published on npm, and no network is available here).
function validateSarif(log: any): string[] {
  const problems: string[] = [];
  const expect = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  const isPositiveInt = (n: unknown) => Number.isInteger(n) && (n as number) >= 1;
  expect(log.version === '2.1.0', 'version is 2.1.0');
  expect(typeof log.$schema === 'string' && /sarif-2\.1\.0/.test(log.$schema), '$schema names SARIF 2.1.0');
  expect(Array.isArray(log.runs) && log.runs.length >= 1, 'runs is a non-empty array');
  for (const run of log.runs ?? []) {
    const driver = run.tool?.driver;
    expect(typeof driver?.name === 'string' && driver.name.length > 0, 'tool.driver.name');
    const rules: any[] = driver?.rules ?? [];
    const ids = new Set<string>();
    for (const rule of rules) {
      expect(typeof rule.id === 'string' && !ids.has(rule.id), `rule id unique: ${rule.id}`);
      ids.add(rule.id);
      expect(typeof rule.shortDescription?.text === 'string', `rule ${rule.id} shortDescription.text`);
      expect(['none', 'note', 'warning', 'error'].includes(rule.defaultConfiguration?.level), `rule ${rule.id} defaultConfiguration.level`);
      if (rule.helpUri !== undefined) expect(/^https?:\/\//.test(rule.helpUri), `rule ${rule.id} helpUri is a URI`);
    }
    expect(Array.isArray(run.results), 'results is an array');
    for (const result of run.results ?? []) {
      expect(typeof result.message?.text === 'string' && result.message.text.length > 0, 'result.message.text');
      expect(ids.has(result.ruleId), `result.ruleId ${result.ruleId} is a driver rule`);
      if (result.ruleIndex !== undefined) expect(rules[result.ruleIndex]?.id === result.ruleId, 'ruleIndex points at ruleId');
      expect(['none', 'note', 'warning', 'error'].includes(result.level), 'result.level');
      for (const location of result.locations ?? []) {
        const physical = location.physicalLocation;
        expect(
          typeof physical?.artifactLocation?.uri === 'string' && !physical.artifactLocation.uri.includes('\\'),
          'artifactLocation.uri',
        );
        const region = physical?.region;
        expect(isPositiveInt(region?.startLine) && isPositiveInt(region?.startColumn), 'region start is 1-based');
        expect(region.endLine === undefined || region.endLine >= region.startLine, 'region endLine >= startLine');
        expect(region.endColumn === undefined || isPositiveInt(region.endColumn), 'region endColumn is 1-based');
      }
    }
  }
  return problems;
}

describe('layerwise lint --format sarif', function () {
  this.timeout(60_000);
  it('prints a valid SARIF 2.1.0 log with every rule and the findings', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-sarif-'));
    try {
      fs.writeFileSync(path.join(dir, 'Dockerfile'), 'from alpine:latest as Build\nADD a b c\nEXPOSE 80:80\n');
      const result = runCli(['lint', '--format', 'sarif', 'Dockerfile'], { cwd: dir });
      assert.equal(result.code, 1, result.stderr);
      const log = JSON.parse(result.stdout);
      assert.deepEqual(validateSarif(log), []);
      assert.ok(log.runs[0].results.length >= 4);
      assert.ok(
        log.runs[0].results.some((r: any) => r.ruleId === 'syntax' && r.level === 'error'),
        'syntax errors are reported',
      );
      assert.ok(log.runs[0].results.some((r: any) => r.ruleId === 'stage-name-casing' && r.level === 'warning'));
      assert.deepEqual(validateSarif({ version: '2.0.0', runs: [] }).length > 0, true, 'the validator rejects a wrong log');
      const descriptors: any[] = log.runs[0].tool.driver.rules;
      const pinning = descriptors.find((r) => r.id === 'apt-version-unpinned');
      assert.equal(pinning?.defaultConfiguration?.enabled, false, 'an opt-in rule is described as disabled');
      const casing = descriptors.find((r) => r.id === 'stage-name-casing');
      assert.notEqual(casing?.defaultConfiguration?.enabled, false, 'a default rule is enabled');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
