import * as assert from 'node:assert/strict';
import { applyFixes } from '../../../../server/src/core/fix/applyFixes';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('apt-update-alone', () => {
  before(() => initShellParser());

  sizeFixtureTests('apt-update-alone');

  it('merges into an install RUN with a top-level || by wrapping it, so a failing update still fails the build', () => {
    const text = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl || apt-get install -y wget\n';
    const fixed = applyFixes(text, { onlyRules: ['apt-update-alone'], pragmas: false });
    assert.equal(fixed.text, 'FROM debian:12\nRUN apt-get update && \\\n    ( apt-get install -y curl || apt-get install -y wget )\n');
  });

  it('does not merge after an update that sets shell state the install would run under', () => {
    const text =
      'FROM debian:12\nRUN if true; then export DEBIAN_FRONTEND=noninteractive; fi; apt-get update\nRUN apt-get install -y curl\n';
    const titles = sizeFindings('apt-update-alone', text).flatMap((f) => f.fixes.map((x) => x.title));
    assert.ok(!titles.includes('Merge with the following apt-get install'), titles.join(', '));
  });

  it('moves the update across non-RUN instructions only in front of a plain && chain', () => {
    const titles = (install: string) =>
      sizeFindings('apt-update-alone', `FROM debian:12\nRUN apt-get update\nENV X=1\nRUN ${install}\n`).flatMap((f) =>
        f.fixes.map((x) => x.title),
      );
    assert.deepEqual(titles('apt-get install -y curl'), ['Move apt-get update into the RUN that installs']);
    assert.deepEqual(titles('apt-get install -y curl || true'), [], 'a failing update would be swallowed by || true');
  });
});
