// Every fix has a real-build proof: each rule whose fix `fix --unsafe` applies anywhere in the
// corpus (test/corpus) must be among some fixture's expected fixes, or be listed below with the reason it cannot be
// built here. Static (no builds), so a new fix without a fixture fails fast.
import * as assert from 'node:assert/strict';
import { applyFixes } from '../../server/src/core/fix/applyFixes';
import { initShellParser } from '../../server/src/core/shell/index';
import { loadFixtures } from './fixtures';
import { corpusFiles } from '../helpers/corpus';
import * as path from 'node:path';
import { ruleContextFor } from '../../server/src/core/config/configuredContext';

/** Fixes that cannot be proven on this machine's engine, and why (docs/fixes.md says the same). */
export const NOT_BUILDABLE_HERE: Record<string, string> = {
  'apk-no-cache': "no Alpine base image or Alpine repository is reachable (only Debian's mirror)",
  'large-base-image': 'swaps in registry images (python:3.12-slim …) that cannot be pulled here',
  'undefined-var': 'repairs a Dockerfile that does not build as written: no original image to compare',
  'undefined-arg-in-from': 'repairs a Dockerfile that does not build as written: no original image to compare',
  'copy-from-stage': 'repairs a Dockerfile that does not build as written: no original image to compare',
};

describe('every fix has a real-build fixture', function () {
  this.timeout(300_000);
  before(async () => {
    await initShellParser();
  });

  it('covers every rule whose fix the corpus triggers', () => {
    const applied = new Set<string>();
    for (const { text } of corpusFiles()) {
      for (const rule of Object.keys(applyFixes(text, { unsafe: true, maxRounds: 20 }).applied)) applied.add(rule);
    }
    const proven = new Set(loadFixtures().flatMap((f) => f.spec.fixes));
    const missing = [...applied].filter((rule) => !proven.has(rule) && !(rule in NOT_BUILDABLE_HERE)).sort();
    assert.deepEqual(missing, [], 'fixes applied in the corpus with no fixture under test/fixtures/build expecting them');
  });

  it('checks every safe fix the corpus triggers against the safe class on some fixture', () => {
    const applied = new Set<string>();
    for (const { text } of corpusFiles()) {
      for (const rule of Object.keys(applyFixes(text, { unsafe: false, maxRounds: 20 }).applied)) applied.add(rule);
    }
    // The harness checks the safe-only application of each fixture (test/verify/safeClass.ts).
    const checked = new Set(
      loadFixtures().flatMap((f) =>
        Object.keys(
          applyFixes(f.dockerfile, {
            unsafe: false,
            onlyRules: f.spec.onlyRules,
            context: ruleContextFor(path.join(f.dir, 'Dockerfile')),
          }).applied,
        ),
      ),
    );
    const missing = [...applied].filter((rule) => !checked.has(rule) && !(rule in NOT_BUILDABLE_HERE)).sort();
    assert.deepEqual(missing, [], 'safe fixes applied in the corpus that no fixture checks as safe');
  });
});
