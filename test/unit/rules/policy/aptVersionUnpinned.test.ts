import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';
import { findings } from '../harness';

describe('apt-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports the unversioned packages of apt-get install, once per command, over first to last', () => {
    assert.deepEqual(
      covered(
        'apt-version-unpinned',
        'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.5-0+deb12u1 vim\n',
      ),
      ['2:curl git=1:2.39.5-0+deb12u1 vim'],
    );
    assert.deepEqual(covered('apt-version-unpinned', 'FROM debian:12\nRUN apt install -y jq\n'), ['2:jq']);
  });
  it('accepts versions, wildcards, .deb files, option values and variables; ignores other subcommands', () => {
    assert.deepEqual(
      covered(
        'apt-version-unpinned',
        'FROM debian:12\nRUN apt-get install -y -t bookworm-backports curl=7.88* ./local.deb $EXTRA tool=$TOOL_VERSION\nRUN apt-get update && apt-get remove -y vim\n',
      ),
      [],
    );
  });
  it('is opt-in: off unless a severity turns it on', () => {
    assert.deepEqual(findings('apt-version-unpinned', 'FROM debian:12\nRUN apt-get install -y curl\n'), []);
  });
});
