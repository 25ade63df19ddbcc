import * as assert from 'node:assert/strict';
import { initShellParser } from '../../../../server/src/core/shell/index';
import { assertFixes, findings, lines } from '../harness';

describe('pipefail-missing', () => {
  before(async () => {
    await initShellParser();
  });

  it('reports a pipe without pipefail and adds one SHELL line per stage', () => {
    assertFixes(
      'pipefail-missing',
      'FROM debian:bookworm\nRUN curl -fsSL https://x | tar -xz\nRUN wget -qO- https://y | sh\n',
      'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://x | tar -xz\nRUN wget -qO- https://y | sh\n',
    );
  });
  it('uses ash on alpine and busybox, and keeps the fix unsafe', () => {
    assertFixes(
      'pipefail-missing',
      'FROM alpine:3.20\nRUN a | b\n',
      'FROM alpine:3.20\nSHELL ["/bin/ash", "-o", "pipefail", "-c"]\nRUN a | b\n',
    );
    assert.equal(findings('pipefail-missing', 'FROM alpine:3.20\nRUN a | b\n')[0].fixes[0].safe, false);
  });
  it('accepts set -o pipefail, a pipefail SHELL (also inherited), || and exec form', () => {
    const text =
      'FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\nFROM base\nRUN c | d\n' +
      'FROM debian:12\nRUN set -euo pipefail; a | b\nRUN a || b\nRUN ["sh", "-c", "a | b"]\nRUN echo "a | b"\nRUN echo y | debconf-set-selections\n';
    assert.deepEqual(lines('pipefail-missing', text), []);
  });
  it('finds pipes in continued lines and heredocs', () => {
    assert.deepEqual(
      lines('pipefail-missing', 'FROM debian:12\nRUN apt-get update && \\\n    curl x \\\n    | sh\nRUN <<EOF\nset -e\ncurl y | sh\nEOF\n'),
      [3, 7],
    );
  });
  it('does not count SHELL /bin/sh -o pipefail on a dash-based image (also inherited)', () => {
    const text =
      'FROM debian:12 AS base\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN a | b\nFROM base\nRUN c | d\n' +
      'FROM python:3.12-slim\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN e | f\nRUN set -o pipefail && g | h\n' +
      'FROM alpine:3.20\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\nRUN i | j\n';
    assert.deepEqual(lines('pipefail-missing', text), [3, 5, 8]);
  });
  it('leaves ONBUILD RUN alone: the SHELL it runs under is that of the image built FROM this one', () => {
    assert.deepEqual(lines('pipefail-missing', 'FROM debian:12\nONBUILD RUN curl x | sh\n'), []);
  });
});
