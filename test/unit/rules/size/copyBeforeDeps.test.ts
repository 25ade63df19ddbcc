// copy-before-deps: golden files, messages, and for cargo, gradle, dotnet and `pip install .` fixes built from
// the build context's files.
// Each folder of test/fixtures/rules/copy-before-deps-projects/ is a build context: `before.Dockerfile` +
// `after.Dockerfile` (the fix, read through ruleContextFor like the CLI and the server do, gives exactly
// `after`; then the rule is quiet, fixing again changes nothing, no new syntax error), `nofix.Dockerfile`
// (the rule fires and offers no fix for that layout) or `ok.Dockerfile` (the stage has its own prefetch: quiet).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validate } from 'dockerfile-utils';
import { parseDockerfile } from '../../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../../server/src/core/analyze';
import { applyFixes } from '../../../../server/src/core/fix/applyFixes';
import { ruleContextFor } from '../../../../server/src/core/config/configuredContext';
import type { ConfiguredRuleContext } from '../../../../server/src/core/config/configuredContext';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

const CASES = path.resolve(__dirname, '../../../../../test/fixtures/rules/copy-before-deps-projects');
const rule = rulesById.get('copy-before-deps')!;
const errors = (text: string) =>
  validate(text)
    .filter((d) => d.severity === 1)
    .map((d) => d.message)
    .sort();
const findings = (text: string, context: ConfiguredRuleContext) =>
  analyzeModel(parseDockerfile(text), { rules: [rule], pragmas: false, context });
const fix = (text: string, context: ConfiguredRuleContext) => applyFixes(text, { rules: [rule], unsafe: true, pragmas: false, context });

describe('copy-before-deps', () => {
  before(() => initShellParser());

  sizeFixtureTests('copy-before-deps');

  it('says which install and which manifests, and fixes with "Copy dependency manifests first"', () => {
    const [finding] = sizeFindings('copy-before-deps', 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n');
    assert.match(finding.message, /`npm ci` \(line 4\)/);
    assert.match(finding.message, /package/);
    assert.equal(finding.fixes[0].title, 'Copy dependency manifests first');
    assert.equal(finding.fixes[0].safe, false);
    assert.deepEqual(finding.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 8 } });
  });

  for (const [ecosystem, manifests, prefetch, build] of [
    ['cargo', 'Cargo.toml Cargo.lock', 'cargo fetch', 'cargo build --release'],
    ['gradle', 'build.gradle settings.gradle', './gradlew --no-daemon dependencies', './gradlew --no-daemon build'],
    ['dotnet', 'app.csproj', 'dotnet restore', 'dotnet publish -c Release -o /out'],
  ]) {
    it(`stays quiet after ${ecosystem}'s manifests were copied and fetched first`, () => {
      const text = `FROM debian:12-slim\nWORKDIR /src\nCOPY ${manifests} ./\nRUN ${prefetch}\nCOPY . .\nRUN ${build}\n`;
      const quiet = analyzeModel(parseDockerfile(text)).filter((f) => f.rule === 'copy-before-deps');
      assert.deepEqual(quiet, []);
      const withoutPrefetch = `FROM debian:12-slim\nWORKDIR /src\nCOPY . .\nRUN ${build}\n`;
      if (ecosystem === 'cargo')
        assert.ok(
          analyzeModel(parseDockerfile(withoutPrefetch)).some((f) => f.rule === 'copy-before-deps'),
          'still fires without the prefetch',
        );
    });
  }

  // Fixes built from the build context's files (test/fixtures/rules/copy-before-deps-projects/).

  const cases = fs.readdirSync(CASES).sort();
  it('has cases for every ecosystem', () => {
    for (const ecosystem of ['cargo', 'gradle', 'dotnet', 'pip']) {
      assert.ok(
        cases.some((c) => c.startsWith(ecosystem) && fs.existsSync(path.join(CASES, c, 'after.Dockerfile'))),
        `a fixed ${ecosystem} case`,
      );
      assert.ok(
        cases.some((c) => c.startsWith(ecosystem) && fs.existsSync(path.join(CASES, c, 'nofix.Dockerfile'))),
        `a ${ecosystem} case without a fix`,
      );
    }
  });

  for (const name of cases) {
    const dir = path.join(CASES, name);
    const beforeFile = path.join(dir, 'before.Dockerfile');
    if (fs.existsSync(beforeFile)) {
      it(`${name}: fixes before.Dockerfile into after.Dockerfile`, () => {
        const text = fs.readFileSync(beforeFile, 'utf8');
        const context = ruleContextFor(beforeFile);
        const found = findings(text, context);
        assert.equal(found.length, 1, 'fires once');
        assert.equal(found[0].fixes[0]?.title, 'Copy dependency manifests first');
        assert.equal(found[0].fixes[0].safe, false, 'changes the build');
        const fixed = fix(text, context);
        assert.equal(fixed.text, fs.readFileSync(path.join(dir, 'after.Dockerfile'), 'utf8'));
        assert.deepEqual(
          findings(fixed.text, context).map((f) => f.message),
          [],
          'quiet after the fix',
        );
        assert.equal(fix(fixed.text, context).text, fixed.text, 'fixing twice is a no-op');
        assert.deepEqual(errors(fixed.text), errors(text), 'no new syntax error');
      });
      it(`${name}: keeps CRLF line ends`, () => {
        const crlf = (t: string) => t.replace(/\r?\n/g, '\r\n');
        const fixed = fix(crlf(fs.readFileSync(beforeFile, 'utf8')), ruleContextFor(beforeFile));
        assert.equal(fixed.text, crlf(fs.readFileSync(path.join(dir, 'after.Dockerfile'), 'utf8')));
      });
      it(`${name}: offers no fix when the build context is unknown`, () => {
        const found = findings(fs.readFileSync(beforeFile, 'utf8'), {});
        assert.equal(found.length, 1);
        assert.deepEqual(found[0].fixes, []);
      });
    } else if (fs.existsSync(path.join(dir, 'ok.Dockerfile'))) {
      it(`${name}: stays quiet on ok.Dockerfile (the stage already prefetches)`, () => {
        const file = path.join(dir, 'ok.Dockerfile');
        assert.deepEqual(
          findings(fs.readFileSync(file, 'utf8'), ruleContextFor(file)).map((f) => f.message),
          [],
        );
      });
    } else {
      it(`${name}: fires without a fix on nofix.Dockerfile`, () => {
        const file = path.join(dir, 'nofix.Dockerfile');
        const found = findings(fs.readFileSync(file, 'utf8'), ruleContextFor(file));
        assert.equal(found.length, 1, 'fires once');
        assert.deepEqual(found[0].fixes, []);
      });
    }
  }

  it('reads the context through .dockerignore: an ignored Cargo.lock is not copied', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerwise-cbd-'));
    try {
      fs.cpSync(path.join(CASES, 'cargo-basic'), dir, { recursive: true });
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'Cargo.lock\n');
      const fixed = fix(fs.readFileSync(path.join(dir, 'before.Dockerfile'), 'utf8'), ruleContextFor(path.join(dir, 'before.Dockerfile')));
      assert.match(fixed.text, /^COPY Cargo\.toml \.\/$/m);
      fs.writeFileSync(path.join(dir, '.dockerignore'), 'src\n');
      const ignoredSources = findings(
        fs.readFileSync(path.join(dir, 'before.Dockerfile'), 'utf8'),
        ruleContextFor(path.join(dir, 'before.Dockerfile')),
      );
      assert.deepEqual(ignoredSources[0].fixes, [], 'no crate root in the context: no dummy to stand in for it');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
