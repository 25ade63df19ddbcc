import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('dnf-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports dnf and microdnf install packages without -<version>', () => {
    assert.deepEqual(covered('dnf-version-unpinned', 'FROM fedora:40\nRUN dnf install -y httpd\nRUN microdnf install -y jq-1.7\n'), [
      '2:httpd',
    ]);
    assert.deepEqual(covered('dnf-version-unpinned', 'FROM fedora:40\nRUN dnf in -y make\n'), ['2:make']);
  });
  it('accepts name-version, modules and groups, .rpm files; ignores yum', () => {
    assert.deepEqual(
      covered('dnf-version-unpinned', 'FROM fedora:40\nRUN dnf install -y gcc-14.2.1 @nodejs:20 ./x.rpm && yum install -y curl\n'),
      [],
    );
  });
});
