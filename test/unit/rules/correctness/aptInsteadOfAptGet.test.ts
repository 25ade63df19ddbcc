import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { assertFixes, findings, lines } from '../harness';

describe('apt-instead-of-apt-get', () => {
  before(async () => {
    await initShellParser();
  });

  it('replaces apt with apt-get where the meaning is the same', () => {
    assertFixes(
      'apt-instead-of-apt-get',
      'FROM debian:12\nRUN apt update && apt install -y curl\n',
      'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n',
    );
    assert.deepEqual(
      findings('apt-instead-of-apt-get', 'FROM debian:12\nRUN apt full-upgrade -y\n').map((f) => f.fixes.length),
      [0],
    );
  });
  it('accepts apt-get and apt-cache', () => {
    assert.deepEqual(lines('apt-instead-of-apt-get', 'FROM debian:12\nRUN apt-get update && apt-cache policy curl\n'), []);
  });
  it('checks ONBUILD RUN like RUN', () => {
    assert.deepEqual(lines('apt-instead-of-apt-get', 'FROM a:1\nONBUILD RUN apt install -y curl\n'), [2]);
  });
});
