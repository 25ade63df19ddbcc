import * as assert from 'node:assert/strict';
import { assertFixes, findings, lines } from './ruleHarness';

describe('correctness rules: instructions', () => {
  describe('add-instead-of-copy', () => {
    it('replaces ADD of local files with COPY, keeping flags', () => {
      assertFixes('add-instead-of-copy', 'FROM a:1\nADD --chown=app:app src/ /app/\nadd x /x\n', 'FROM a:1\nCOPY --chown=app:app src/ /app/\ncopy x /x\n');
      assertFixes('add-instead-of-copy', 'FROM a:1\nADD ["my file", "/app/"]\n', 'FROM a:1\nCOPY ["my file", "/app/"]\n');
      assert.deepEqual(lines('add-instead-of-copy', 'FROM a:1\nADD ["https://example.com/a b", "/app/"]\nADD ["x.tar.gz", "/"]\n'), []);
    });
    it('leaves URLs, git, archives, variables and ADD-only flags alone', () => {
      const text = 'FROM a:1\nADD https://example.com/f /f\nADD app.tar.gz /opt/\nADD git@github.com:o/r.git /r\nADD $SRC /s\nADD --checksum=sha256:abc f /f\nADD rootfs.tar.xz /\n';
      assert.deepEqual(lines('add-instead-of-copy', text), []);
    });
  });

  describe('instruction-casing', () => {
    it('recases the minority to the majority', () => {
      assertFixes('instruction-casing', 'FROM a:1\nrun true\nCopy x /x\nRUN false\n', 'FROM a:1\nRUN true\nCOPY x /x\nRUN false\n');
      assertFixes('instruction-casing', 'from a:1\nrun true\nCOPY x /x\n', 'from a:1\nrun true\ncopy x /x\n');
    });
    it('accepts consistent files', () => {
      assert.deepEqual(lines('instruction-casing', 'FROM a:1\nRUN true\n'), []);
      assert.deepEqual(lines('instruction-casing', 'from a:1\nrun true\n'), []);
    });
  });

  describe('undefined-var', () => {
    it('reports a global ARG used in a stage without re-declaring it', () => {
      assertFixes('undefined-var', 'ARG VERSION=1\nFROM a:1\nENV V=${VERSION}\n', 'ARG VERSION=1\nFROM a:1\nARG VERSION\nENV V=${VERSION}\n');
    });
    it('reports likely typos of declared names', () => {
      assert.deepEqual(lines('undefined-var', 'FROM a:1\nENV APP_HOME=/app\nWORKDIR $APP_HOEM\nCOPY . $APP_HOME\n'), [3]);
    });
    it('stays quiet on base-image variables, defaults, RUN and inherited ENV', () => {
      const text = 'FROM a:1 AS base\nENV APP=/app\nFROM base\nWORKDIR $APP\nENV PATH=$PATH:/x JAVA=$JAVA_HOME\nRUN echo $UNDEFINED_IN_SHELL\nCOPY x ${DEST:-/d}\nARG VERSION\nLABEL v=$VERSION\n';
      assert.deepEqual(lines('undefined-var', text), []);
    });
  });

  describe('json-args-recommended', () => {
    it('converts simple shell-form CMD to JSON (a fix that changes the build)', () => {
      assertFixes('json-args-recommended', 'FROM a:1\nCMD node server.js --port 80\n', 'FROM a:1\nCMD ["node", "server.js", "--port", "80"]\n');
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
      assert.deepEqual(lines('json-args-recommended', 'FROM a:1\nCMD ["a", "b"]\nENTRYPOINT ["x"]\nFROM b:1\nSHELL ["/bin/bash", "-c"]\nCMD a b\n'), []);
    });
  });

  describe('maintainer-deprecated', () => {
    it('rewrites MAINTAINER as the OCI authors label', () => {
      assertFixes('maintainer-deprecated', 'FROM a:1\nMAINTAINER Jane Doe <jane@example.com>\n', 'FROM a:1\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n');
    });
    it('is quiet without MAINTAINER', () => {
      assert.deepEqual(lines('maintainer-deprecated', 'FROM a:1\nLABEL maintainer=x\n'), []);
    });
  });

  describe('workdir-relative', () => {
    it('reports a relative WORKDIR before any absolute one', () => {
      assert.deepEqual(lines('workdir-relative', 'FROM a:1\nWORKDIR app\nWORKDIR /srv\nWORKDIR sub\nFROM b:1\nWORKDIR $HOME/x\nWORKDIR C:\\\\app\n'), [2]);
      assertFixes('workdir-relative', 'FROM a:1\nWORKDIR app\n', 'FROM a:1\nWORKDIR /app\n');
    });
  });

  describe('multiple-cmd-entrypoint', () => {
    it('removes the CMDs and ENTRYPOINTs that have no effect', () => {
      assertFixes('multiple-cmd-entrypoint',
        'FROM a:1\nCMD ["a"]\nENTRYPOINT ["e"]\nRUN true\nCMD ["b", \\\n  "c"]\nENTRYPOINT ["f"]\nCMD ["d"]\n',
        'FROM a:1\nRUN true\nENTRYPOINT ["f"]\nCMD ["d"]\n');
    });
    it('counts per stage', () => {
      assert.deepEqual(lines('multiple-cmd-entrypoint', 'FROM a:1\nCMD ["a"]\nFROM b:1\nCMD ["b"]\n'), []);
    });
  });

  describe('legacy-key-value-format', () => {
    it('rewrites `ENV key value` as key=value, quoting when needed', () => {
      assertFixes('legacy-key-value-format', 'FROM a:1\nENV NODE_ENV production\nENV GREETING hello world\nLABEL version 1.0\n', 'FROM a:1\nENV NODE_ENV=production\nENV GREETING="hello world"\nLABEL version=1.0\n');
    });
    it('reports without a fix when quoting would change the value', () => {
      const [f] = findings('legacy-key-value-format', 'FROM a:1\nENV MSG say "hi" there\n');
      assert.equal(f.fixes.length, 0);
    });
    it('accepts key=value', () => {
      assert.deepEqual(lines('legacy-key-value-format', 'FROM a:1\nENV A=1 B="2 3"\nLABEL a=b\n'), []);
    });
  });

  describe('expose-invalid', () => {
    it('fixes host parts and protocol casing, reports out-of-range ports', () => {
      assertFixes('expose-invalid', 'FROM a:1\nEXPOSE 8080:80 53/UDP\n', 'FROM a:1\nEXPOSE 80 53/udp\n');
      assert.deepEqual(lines('expose-invalid', 'FROM a:1\nEXPOSE 70000\nEXPOSE http\n'), [2], 'a non-numeric port is a syntax error, not ours');
    });
    it('accepts ports, ranges, protocols and variables', () => {
      assert.deepEqual(lines('expose-invalid', 'FROM a:1\nEXPOSE 80 443/tcp 8000-8010 53/udp $PORT\n'), []);
    });
  });

  describe('empty-continuation', () => {
    it('removes empty continuation lines', () => {
      assertFixes('empty-continuation', 'FROM a:1\nRUN apt-get update && \\\n\n    apt-get install -y curl\n', 'FROM a:1\nRUN apt-get update && \\\n    apt-get install -y curl\n');
    });
    it('leaves heredoc bodies and comments alone', () => {
      assert.deepEqual(lines('empty-continuation', 'FROM a:1\nRUN <<EOF\necho a\n\necho b\nEOF\nRUN a && \\\n  # comment\n  b\n'), []);
    });
  });

  describe('env-self-reference', () => {
    it('splits an ENV whose value uses a variable set in the same ENV', () => {
      assertFixes('env-self-reference', 'FROM a:1\nENV APP=/app BIN=${APP}/bin\n', 'FROM a:1\nENV APP=/app\nENV BIN=${APP}/bin\n');
    });
    it('accepts references to earlier instructions and to itself', () => {
      assert.deepEqual(lines('env-self-reference', 'FROM a:1\nENV APP=/app\nENV BIN=$APP/bin PATH=$PATH:/x\nENV A=1 B=2\n'), []);
    });
  });
});
