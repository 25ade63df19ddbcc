import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('copy-then-extract', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports a COPYed archive that a RUN unpacks with tar', () => {
    assert.deepEqual(covered('copy-then-extract', 'FROM a:1\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt\n'), [
      '2:app.tar.gz',
    ]);
    assert.deepEqual(covered('copy-then-extract', 'FROM a:1\nCOPY ["dist/app.tgz", "/tmp/pkg.tgz"]\nRUN tar xf /tmp/pkg.tgz\n'), [
      '2:"dist/app.tgz"',
    ]);
  });
  it('does not report archives never unpacked, zip files, or COPY --from', () => {
    assert.deepEqual(covered('copy-then-extract', 'FROM a:1\nCOPY app.tar.gz /srv/\nRUN sha256sum /srv/app.tar.gz\n'), []);
    assert.deepEqual(covered('copy-then-extract', 'FROM a:1\nCOPY app.zip /tmp/\nRUN unzip /tmp/app.zip\n'), []);
    assert.deepEqual(covered('copy-then-extract', 'FROM a:1\nCOPY --from=build /out/app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz\n'), []);
  });
});
