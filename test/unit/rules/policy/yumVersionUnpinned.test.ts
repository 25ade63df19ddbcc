import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { covered } from '../policyHarness';

describe('yum-version-unpinned', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports yum install packages without -<version>', () => {
    assert.deepEqual(covered('yum-version-unpinned', 'FROM centos:7\nRUN yum install -y httpd mod_ssl-2.4.6\n'), ['2:httpd']);
  });
  it('accepts name-version, .rpm files, groups and --enablerepo values; ignores dnf and yum update', () => {
    assert.deepEqual(
      covered(
        'yum-version-unpinned',
        'FROM centos:7\nRUN yum install -y --enablerepo epel nginx-1.20.1 ./x.rpm @core && yum update -y && dnf install -y curl\n',
      ),
      [],
    );
  });
});
