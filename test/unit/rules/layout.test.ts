// The rule layout explains itself, and this keeps it so: server/src/core/rules/<area>/<name>.ts holds exactly one
// rule whose id is <name> in kebab-case (cleanupInLaterLayer.ts → cleanup-in-later-layer), helpers live in
// <area>/support/ and hold no rule, every rule is registered, documented in docs/rules/<id>.md and has its own
// test file test/unit/rules/<area>/<name>.test.ts (and no test file there lacks its rule).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../../server/src/core/rules/index';
import type { Rule } from '../../../server/src/core/rules/rule';

// Sources are listed in the source tree; their compiled modules are loaded from out/ (this file runs from
// out/test/unit/rules).
const ROOT = path.resolve(__dirname, '../../../..');
const RULES_SOURCE = path.join(ROOT, 'server/src/core/rules');
const RULES_COMPILED = path.resolve(__dirname, '../../../server/src/core/rules');
const TESTS = path.join(ROOT, 'test/unit/rules');

const areas = fs
  .readdirSync(RULES_SOURCE, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

function isRule(value: unknown): value is Rule {
  const candidate = value as Partial<Rule> | null;
  return (
    typeof candidate === 'object' && candidate !== null && typeof candidate.check === 'function' && typeof candidate.meta?.id === 'string'
  );
}

/** The rules a compiled module exports. */
function exportedRules(area: string, ...parts: string[]): Rule[] {
  const exports = require(path.join(RULES_COMPILED, area, ...parts)) as Record<string, unknown>;
  return Object.values(exports).filter(isRule);
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const moduleNames = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => f.slice(0, -3))
    .sort();

describe('rule layout', () => {
  it('has rule areas and no support/ at the top', () => {
    assert.ok(areas.length > 0);
    assert.deepEqual(
      areas.filter((a) => a !== 'support'),
      areas,
    );
  });

  for (const area of areas) {
    describe(`rules/${area}/`, () => {
      const names = moduleNames(path.join(RULES_SOURCE, area));
      const supportDir = path.join(RULES_SOURCE, area, 'support');
      const supportNames = fs.existsSync(supportDir) ? moduleNames(supportDir) : [];
      const subfolders = fs
        .readdirSync(path.join(RULES_SOURCE, area), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name);

      it('holds rule modules, an index and at most a support/ folder', () => {
        assert.ok(names.length > 0, `rule modules in rules/${area}/`);
        assert.deepEqual(
          subfolders.filter((d) => d !== 'support'),
          [],
        );
      });

      for (const name of names) {
        it(`${name}.ts exports exactly one rule, ${kebab(name)}, registered, documented and tested`, () => {
          const rules = exportedRules(area, name);
          assert.equal(
            rules.length,
            1,
            `${area}/${name}.ts exports ${rules.length} rules (${rules.map((r) => r.meta.id).join(', ')}): one rule per module, helpers in ${area}/support/`,
          );
          const [rule] = rules;
          assert.equal(rule.meta.id, kebab(name), `the module is named after its rule id (camelCase): ${rule.meta.id}`);
          assert.ok(allRules.includes(rule), `${rule.meta.id} is in the catalogue (rules/${area}/index.ts)`);
          assert.ok(fs.existsSync(path.join(ROOT, 'docs/rules', `${rule.meta.id}.md`)), `docs/rules/${rule.meta.id}.md exists`);
          assert.ok(fs.existsSync(path.join(TESTS, area, `${name}.test.ts`)), `test/unit/rules/${area}/${name}.test.ts exists`);
        });
      }

      for (const name of supportNames) {
        it(`support/${name}.ts exports no rule`, () => {
          assert.deepEqual(
            exportedRules(area, 'support', name).map((r) => r.meta.id),
            [],
            `${area}/support/${name}.ts: rules belong in ${area}/`,
          );
        });
      }

      it('has a test file per rule module and no other', () => {
        const testDir = path.join(TESTS, area);
        const tests = fs.existsSync(testDir)
          ? fs
              .readdirSync(testDir)
              .filter((f) => f.endsWith('.test.ts'))
              .map((f) => f.slice(0, -'.test.ts'.length))
              .sort()
          : [];
        assert.deepEqual(tests, names);
      });
    });
  }

  it('every registered rule lives in its own module of an area', () => {
    const inModules = new Set(
      areas.flatMap((area) => moduleNames(path.join(RULES_SOURCE, area)).flatMap((name) => exportedRules(area, name))),
    );
    assert.deepEqual(
      allRules.filter((r) => !inModules.has(r)).map((r) => r.meta.id),
      [],
    );
    assert.equal(new Set(allRules.map((r) => r.meta.id)).size, allRules.length, 'ids are unique');
  });
});
