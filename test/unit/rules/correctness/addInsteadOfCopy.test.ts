import * as assert from 'node:assert/strict';
import { assertFixes, lines } from '../harness';

describe('add-instead-of-copy', () => {
  it('replaces ADD of local files with COPY, keeping flags', () => {
    assertFixes(
      'add-instead-of-copy',
      'FROM a:1\nADD --chown=app:app src/ /app/\nadd x /x\n',
      'FROM a:1\nCOPY --chown=app:app src/ /app/\ncopy x /x\n',
    );
    assertFixes('add-instead-of-copy', 'FROM a:1\nADD ["my file", "/app/"]\n', 'FROM a:1\nCOPY ["my file", "/app/"]\n');
    assert.deepEqual(lines('add-instead-of-copy', 'FROM a:1\nADD ["https://example.com/a b", "/app/"]\nADD ["x.tar.gz", "/"]\n'), []);
  });
  it('leaves URLs, git, archives, variables and ADD-only flags alone', () => {
    const text =
      'FROM a:1\nADD https://example.com/f /f\nADD app.tar.gz /opt/\nADD git@github.com:o/r.git /r\nADD $SRC /s\nADD --checksum=sha256:abc f /f\nADD rootfs.tar.xz /\n';
    assert.deepEqual(lines('add-instead-of-copy', text), []);
  });
  it('reads quoted sources as BuildKit does: a quoted archive is still unpacked', () => {
    assert.deepEqual(lines('add-instead-of-copy', 'FROM a:1\nADD "file.tgz" /x\nADD \'https://example.com/f\' /f\nADD "src" /app/\n'), [4]);
  });
  it('checks ONBUILD ADD like ADD', () => {
    assertFixes(
      'add-instead-of-copy',
      'FROM a:1\nONBUILD ADD src /app/\nONBUILD ADD app.tgz /opt/\n',
      'FROM a:1\nONBUILD COPY src /app/\nONBUILD ADD app.tgz /opt/\n',
    );
  });
});
