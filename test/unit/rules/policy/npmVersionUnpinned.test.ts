import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('npm-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports named packages without a version, scoped ones and @latest included', () => {
    assert.deepEqual(covered('npm-version-unpinned', 'FROM node:22\nRUN npm install -g typescript\n'), ['2:typescript']);
    assert.deepEqual(covered('npm-version-unpinned', 'FROM node:22\nRUN npm i @angular/cli eslint@latest\n'), [
      '2:@angular/cli eslint@latest',
    ]);
    assert.deepEqual(covered('npm-version-unpinned', 'FROM node:22\nRUN npm install git+https://example.org/x.git\n'), [
      '2:git+https://example.org/x.git',
    ]);
  });
  it('accepts versions and ranges, tarballs, paths, git commits, and npm install/ci without packages', () => {
    assert.deepEqual(
      covered(
        'npm-version-unpinned',
        'FROM node:22\nRUN npm ci && npm install && npm install --prefix /app express@4.19.2 @scope/pkg@^1.2.0 ./local ./pkg.tgz github:user/repo#abc123\n',
      ),
      [],
    );
  });
});
