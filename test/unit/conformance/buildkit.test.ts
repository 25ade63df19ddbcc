// BuildKit's own check tests (frontend/dockerfile/dockerfile_check_test.go, Apache-2.0; see
// test/conformance/buildkit/NOTICE), ported as data: each Dockerfile with the warnings BuildKit expects (check name
// and line). Layerwise must report the same checks on the same lines — no more, no fewer — through the rules that
// cover BuildKit checks. A case Layerwise answers differently is listed in differences.json with its reason and what
// Layerwise reports instead; such a case fails when Layerwise's answer changes, so the list stays true.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { allRules, rulesById } from '../../../server/src/core/rules/index';
import { isBuildkitCheckName } from '../../../server/src/core/config/ruleRefs';
import { parseDockerignore } from '../../../server/src/core/context/ignoreFile';
import { initShellParser } from '../../../server/src/core/shell/index';

const DIR = path.resolve(__dirname, '../../../../test/conformance/buildkit');

interface Warning {
  check: string;
  line: number;
}
interface Case {
  source: string;
  dockerfile: string;
  dockerignore?: string;
  buildArgs?: Record<string, string>;
  /** BUILDKIT_DOCKERFILE_CHECK, the build-arg form of the `# check=` directive. */
  checkOption?: string;
  buildFails?: boolean;
  /** What a build reports (only the stages it builds). */
  expected: (Warning & { detail?: string })[];
  /** What `docker build --check` reports (every stage, as Layerwise lints), when BuildKit's test says it differs. */
  expectedByCheck?: (Warning & { detail?: string })[];
}
interface Difference {
  /** Why Layerwise answers differently; the rule page says so too. */
  reason: string;
  page: string;
  /** What Layerwise reports instead. */
  layerwise: Warning[];
}

const cases = JSON.parse(fs.readFileSync(path.join(DIR, 'cases.json'), 'utf8')) as Case[];
const differences = JSON.parse(fs.readFileSync(path.join(DIR, 'differences.json'), 'utf8')) as Record<string, Difference>;

const checksOf = (ruleId: string) => rulesById.get(ruleId)?.meta.aliases.filter(isBuildkitCheckName) ?? [];

/** The BuildKit warnings Layerwise gives for a case: findings of the rules that cover a BuildKit check. */
function layerwiseWarnings(c: Case): Warning[] {
  // The build-arg form of `# check=` as the directive it stands for: it replaces the file's own directive (BuildKit
  // lets the build arg win), else it goes on a line of its own above the file.
  const directive = /^#\s*check\s*=.*$/m;
  const replace = c.checkOption !== undefined && directive.test(c.dockerfile.split(/\n\s*\n/)[0] ?? '');
  const shift = c.checkOption === undefined || replace ? 0 : 1;
  const text =
    c.checkOption === undefined
      ? c.dockerfile
      : replace
        ? c.dockerfile.replace(directive, `# check=${c.checkOption}`)
        : `# check=${c.checkOption}\n${c.dockerfile}`;
  const context =
    c.dockerignore === undefined ? {} : { dockerignore: { file: '.dockerignore', patterns: parseDockerignore(c.dockerignore) } };
  const findings = analyzeModel(parseDockerfile(text), { context, rules: allRules });
  const warnings: Warning[] = [];
  for (const f of findings) {
    const checks = checksOf(f.rule);
    if (checks.length === 0) continue;
    const line = f.range.start.line + 1 - shift;
    // A rule covering several checks (expose-invalid: format and protocol casing) counts as the one expected there.
    const expected = expectedOf(c).find((w) => w.line === line && checks.includes(w.check));
    warnings.push({ check: expected?.check ?? checks.join('|'), line });
  }
  return sorted(warnings);
}

/** Layerwise lints every stage, as `docker build --check` does: its expectations when BuildKit's test has them. */
function expectedOf(c: Case): Warning[] {
  return c.expectedByCheck ?? c.expected;
}

function sorted(warnings: Warning[]): Warning[] {
  return warnings.map(({ check, line }) => ({ check, line })).sort((a, b) => a.line - b.line || a.check.localeCompare(b.check));
}

describe("BuildKit's check tests (conformance, ported from moby/buildkit)", () => {
  before(() => initShellParser());

  it('the ported data is complete: every case has a Dockerfile and every expected warning a check and a line', () => {
    assert.ok(cases.length >= 80, `${cases.length} cases`);
    for (const c of cases) {
      assert.equal(typeof c.dockerfile, 'string', c.source);
      for (const w of c.expected) assert.ok(typeof w.check === 'string' && Number.isInteger(w.line), `${c.source}: ${JSON.stringify(w)}`);
    }
    for (const source of Object.keys(differences))
      assert.ok(
        cases.some((c) => c.source === source),
        `differences.json names ${source}, which is not a case`,
      );
  });

  for (const c of cases) {
    const difference = differences[c.source];
    it(`${c.source}${difference ? ' (differs: see differences.json)' : ''}`, () => {
      const actual = layerwiseWarnings(c);
      const expected = sorted(expectedOf(c));
      if (!difference) {
        assert.deepEqual(actual, expected, `Layerwise disagrees with BuildKit on ${c.source}:\n${c.dockerfile}`);
        return;
      }
      assert.ok(fs.existsSync(path.resolve(DIR, '../../..', difference.page)), `${difference.page} exists`);
      assert.notDeepEqual(
        actual,
        expected,
        `Layerwise now agrees with BuildKit on ${c.source}: remove it from test/conformance/buildkit/differences.json`,
      );
      assert.deepEqual(actual, sorted(difference.layerwise), `Layerwise's answer on ${c.source} changed: update differences.json`);
    });
  }
});
