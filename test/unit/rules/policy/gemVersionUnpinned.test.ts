import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('gem-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports gems without a version', () => {
    assert.deepEqual(covered('gem-version-unpinned', 'FROM ruby:3\nRUN gem install bundler rake:13.2.1\n'), ['2:bundler']);
  });
  it('accepts name:version, -v / --version for the whole command, .gem files; ignores bundle install', () => {
    assert.deepEqual(
      covered(
        'gem-version-unpinned',
        'FROM ruby:3\nRUN gem install bundler -v 2.5.22 && gem install --version=1.0 x && gem install ./my.gem && bundle install\n',
      ),
      [],
    );
  });
});
