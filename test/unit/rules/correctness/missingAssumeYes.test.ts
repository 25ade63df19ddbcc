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
  it("reads dnf's abbreviations as the subcommands they stand for", () => {
    assert.deepEqual(
      lines(
        'missing-assume-yes',
        'FROM fedora:41\nRUN dnf in git\nRUN dnf up\nRUN dnf rei vim\nRUN dnf up-min\nRUN dnf upgrade-minimal\nRUN dnf in -y git\n',
      ),
      [2, 3, 4, 5, 6],
    );
  });
  it('asks aptitude for -y too', () => {
    assert.deepEqual(lines('missing-assume-yes', 'FROM debian:12\nRUN aptitude install curl\nRUN aptitude -y install curl\n'), [2]);
  });
  it('takes apt-get quiet level 2 in any spelling as the answer', () => {
    assert.deepEqual(
      lines(
        'missing-assume-yes',
        'FROM debian:12\nRUN apt-get -q -q install a\nRUN apt-get --quiet --quiet install b\nRUN apt-get -q=2 install c\nRUN apt-get -q install d\n',
      ),
      [5],
    );
  });
  it('checks ONBUILD RUN like RUN, the fix inside the trigger', () => {
    assertFixes(
      'missing-assume-yes',
      'FROM debian:12\nONBUILD RUN apt-get install curl\n',
      'FROM debian:12\nONBUILD RUN apt-get install -y curl\n',
    );
  });
});
