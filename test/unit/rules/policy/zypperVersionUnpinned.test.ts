import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('zypper-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports zypper install / in packages without a version', () => {
    assert.deepEqual(covered('zypper-version-unpinned', 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive in curl git=2.43.0\n'), [
      '2:curl',
    ]);
  });
  it('accepts =, >= and < versions, .rpm files and --from values; ignores zypper refresh', () => {
    assert.deepEqual(
      covered(
        'zypper-version-unpinned',
        'FROM opensuse/leap:15.6\nRUN zypper refresh && zypper install -y --from repo-oss "httpd>=2.4" "vim<10" ./x.rpm\n',
      ),
      [],
    );
  });
});
