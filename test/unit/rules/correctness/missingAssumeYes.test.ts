import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { assertFixes, lines } from '../harness';

describe('missing-assume-yes', () => {
  before(async () => {
    await initShellParser();
  });

  it('adds -y to prompting package-manager commands', () => {
    assertFixes(
      'missing-assume-yes',
      'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl\nRUN dnf install git && zypper install vim\n',
      'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN dnf install -y git && zypper install --no-confirm vim\n',
    );
  });
  it('accepts -y, -qq, --assumeyes, zypper -n and non-prompting subcommands', () => {
    assert.deepEqual(
      lines(
        'missing-assume-yes',
        'FROM a:1\nRUN apt-get -y install a && apt-get install -qq b && apt-get update\nRUN yum --assumeyes install c && zypper -n in d && dnf -qy install e\n',
      ),
      [],
    );
  });
});
