import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../server/src/core/shell/index';
import { assertFixes, findings, lines } from './ruleHarness';

describe('correctness rules that read RUN scripts', () => {
  before(async () => { await initShellParser(); });

  describe('pipefail-missing', () => {
    it('reports a pipe without pipefail and adds one SHELL line per stage', () => {
      assertFixes('pipefail-missing',
        'FROM debian:bookworm\nRUN curl -fsSL https://x | tar -xz\nRUN wget -qO- https://y | sh\n',
        'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x | tar -xz\nRUN wget -qO- https://y | sh\n');
    });
    it('uses ash on alpine and busybox, and keeps the fix unsafe', () => {
      assertFixes('pipefail-missing', 'FROM alpine:3.20\nRUN a | b\n', 'FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN a | b\n');
      assert.equal(findings('pipefail-missing', 'FROM alpine:3.20\nRUN a | b\n')[0].fixes[0].safe, false);
    });
    it('accepts set -o pipefail, a pipefail SHELL (also inherited), || and exec form', () => {
      const text = 'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nFROM base\nRUN c | d\n' +
        'FROM debian:12\nRUN set -euo pipefail; a | b\nRUN a || b\nRUN ["sh", "-c", "a | b"]\nRUN echo "a | b"\nRUN echo y | debconf-set-selections\n';
      assert.deepEqual(lines('pipefail-missing', text), []);
    });
    it('finds pipes in continued lines and heredocs', () => {
      assert.deepEqual(lines('pipefail-missing', 'FROM debian:12\nRUN apt-get update && \\\n    curl x \\\n    | sh\nRUN <<EOF\nset -e\ncurl y | sh\nEOF\n'), [3, 7]);
    });
  });

  describe('cd-in-run', () => {
    it('moves a leading `cd /abs &&` into WORKDIR', () => {
      assertFixes('cd-in-run', 'FROM a:1\nRUN --mount=type=cache,target=/root/.cache cd /src && \\\n    make install\n',
        'FROM a:1\nWORKDIR /src\nRUN --mount=type=cache,target=/root/.cache make install\n');
    });
    it('reports other cds without a fix, and leaves subshells alone', () => {
      const all = findings('cd-in-run', 'FROM a:1\nRUN make && cd build && make install\nRUN (cd /tmp && tar x)\nRUN echo cd\n');
      assert.deepEqual(all.map((f) => [f.range.start.line + 1, f.fixes.length]), [[2, 0]]);
    });
  });

  describe('sudo-in-run', () => {
    it('removes a plain sudo (a fix that needs root, so unsafe)', () => {
      assertFixes('sudo-in-run', 'FROM a:1\nRUN sudo apt-get update && sudo apt-get install -y curl\n', 'FROM a:1\nRUN apt-get update && apt-get install -y curl\n');
    });
    it('reports sudo with options without a fix; ignores the word elsewhere', () => {
      assert.deepEqual(findings('sudo-in-run', 'FROM a:1\nRUN sudo -u app make\n').map((f) => f.fixes.length), [0]);
      assert.deepEqual(lines('sudo-in-run', 'FROM a:1\nRUN apt-get install -y sudo\nRUN echo sudo\n'), []);
    });
  });

  describe('apt-instead-of-apt-get', () => {
    it('replaces apt with apt-get where the meaning is the same', () => {
      assertFixes('apt-instead-of-apt-get', 'FROM debian:12\nRUN apt update && apt install -y curl\n', 'FROM debian:12\nRUN apt-get update && apt-get install -y curl\n');
      assert.deepEqual(findings('apt-instead-of-apt-get', 'FROM debian:12\nRUN apt full-upgrade -y\n').map((f) => f.fixes.length), [0]);
    });
    it('accepts apt-get and apt-cache', () => {
      assert.deepEqual(lines('apt-instead-of-apt-get', 'FROM debian:12\nRUN apt-get update && apt-cache policy curl\n'), []);
    });
  });

  describe('useradd-high-uid', () => {
    it('adds -l to useradd with a high UID', () => {
      assertFixes('useradd-high-uid', 'FROM debian:12\nRUN useradd -u 1000000 app\n', 'FROM debian:12\nRUN useradd -l -u 1000000 app\n');
    });
    it('accepts low UIDs and -l / --no-log-init', () => {
      assert.deepEqual(lines('useradd-high-uid', 'FROM debian:12\nRUN useradd -u 1000 app\nRUN useradd --no-log-init -u 2000000 b\nRUN useradd -lu 2000000 c\n'), []);
    });
  });

  describe('missing-assume-yes', () => {
    it('adds -y to prompting package-manager commands', () => {
      assertFixes('missing-assume-yes', 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl\nRUN dnf install git && zypper install vim\n',
        'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN dnf install -y git && zypper install --no-confirm vim\n');
    });
    it('accepts -y, -qq, --assumeyes, zypper -n and non-prompting subcommands', () => {
      assert.deepEqual(lines('missing-assume-yes', 'FROM a:1\nRUN apt-get -y install a && apt-get install -qq b && apt-get update\nRUN yum --assumeyes install c && zypper -n in d && dnf -qy install e\n'), []);
    });
  });

  describe('shell-symlink', () => {
    it('reports ln -s over /bin/sh', () => {
      assert.deepEqual(lines('shell-symlink', 'FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\nRUN ln -s /usr/bin/python3 /usr/bin/python\nRUN cp /bin/sh /tmp/sh\n'), [2]);
    });
  });
});
