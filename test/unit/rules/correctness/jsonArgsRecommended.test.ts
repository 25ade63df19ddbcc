import * as assert from 'node:assert/strict';
import { assertFixes, findings, lines } from '../harness';

describe('json-args-recommended', () => {
  it('converts simple shell-form CMD to JSON (a fix that changes the build)', () => {
    assertFixes(
      'json-args-recommended',
      'FROM a:1\nCMD node server.js --port 80\n',
      'FROM a:1\nCMD ["node", "server.js", "--port", "80"]\n',
    );
    assert.equal(findings('json-args-recommended', 'FROM a:1\nCMD node server.js\n')[0].fixes[0].safe, false);
  });
  it('reports shell syntax without a fix', () => {
    const [f] = findings('json-args-recommended', 'FROM a:1\nENTRYPOINT exec node "$APP" | tee log\n');
    assert.equal(f.fixes.length, 0);
  });
  it('fixes single-quoted JSON', () => {
    assertFixes('json-args-recommended', "FROM a:1\nCMD ['npm', 'start']\n", 'FROM a:1\nCMD ["npm", "start"]\n');
  });
  it('accepts JSON form and stages with an explicit SHELL', () => {
    assert.deepEqual(
      lines('json-args-recommended', 'FROM a:1\nCMD ["a", "b"]\nENTRYPOINT ["x"]\nFROM b:1\nSHELL ["/bin/bash", "-c"]\nCMD a b\n'),
      [],
    );
  });
  it('inherits the SHELL of the stage it is built FROM, as BuildKit does', () => {
    const text = 'FROM a:1 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nCMD run-me\nFROM b:1\nCMD run-me\n';
    assert.deepEqual(lines('json-args-recommended', text), [6]);
  });
});
