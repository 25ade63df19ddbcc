import * as assert from 'node:assert/strict';
import { rulesById } from '../../../../server/src/core/rules/index';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { sizeFindings, sizeFixtureTests } from '../harness';

describe('package-cache-not-cleaned', () => {
  before(() => initShellParser());

  sizeFixtureTests('package-cache-not-cleaned');

  it('a clean before the install does not count; after it, it does', () => {
    const text = [
      'FROM fedora:40',
      'RUN yum clean all && yum install -y a',
      'RUN dnf clean all && dnf install -y b',
      'RUN zypper clean && zypper install -y c',
      'RUN yarn cache clean && yarn install',
      'RUN dnf install -y d && dnf clean all',
      'RUN yarn install && yarn cache clean',
      'RUN zypper cc && zypper in -y e && zypper clean',
      '',
    ].join('\n');
    assert.deepEqual(
      sizeFindings('package-cache-not-cleaned', text).map((f) => f.range.start.line + 1),
      [2, 3, 4, 5],
    );
  });

  it("reads dnf's abbreviations as installs", () => {
    const text = 'FROM fedora:41\nRUN dnf in -y a\nRUN dnf up -y\nRUN dnf rei -y b\nRUN dnf up-min -y\nRUN dnf in -y c && dnf clean all\n';
    assert.deepEqual(
      sizeFindings('package-cache-not-cleaned', text).map((f) => f.range.start.line + 1),
      [2, 3, 4, 5],
    );
  });

  it("honours a cache mount on dnf5's /var/cache/libdnf5", () => {
    const text = 'FROM fedora:41\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y a\nRUN dnf install -y b\n';
    assert.deepEqual(
      sizeFindings('package-cache-not-cleaned', text).map((f) => f.range.start.line + 1),
      [3],
    );
  });

  it('declares the hadolint aliases', () => {
    assert.deepEqual(rulesById.get('package-cache-not-cleaned')!.meta.aliases, ['DL3032', 'DL3040', 'DL3036', 'DL3060']);
  });
  it('checks ONBUILD RUN like RUN (it runs in every image built FROM this one)', () => {
    assert.deepEqual(
      sizeFindings('package-cache-not-cleaned', 'FROM fedora:41\nONBUILD RUN dnf install -y gcc\n').map((f) => f.range.start.line + 1),
      [2],
    );
  });
});
