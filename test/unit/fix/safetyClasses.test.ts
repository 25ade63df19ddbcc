// The safety classes of issue 13: a safe fix keeps the image's files (caches and lists aside), its installed
// packages and its config; these fixes change one of them, so they are "changes the build" and never applied
// by `layerwise fix` without --unsafe nor by fixAll on save.
import * as assert from 'node:assert/strict';
import { analyzeModel } from '../../../server/src/core/analyze';
import { applyFixes } from '../../../server/src/core/fix/applyFixes';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { initShellParser } from '../../../server/src/core/shell/index';

function fixSafety(rule: string, text: string, dockerignoreExists = true): boolean[] {
  return analyzeModel(parseDockerfile(text), { context: { dockerignoreExists } })
    .filter((f) => f.rule === rule)
    .flatMap((f) => f.fixes.map((x) => x.safe));
}

describe('fix safety classes', () => {
  before(async () => {
    await initShellParser();
  });

  it('--no-install-recommends changes what is installed: build-changing, and safe fixes leave it out', () => {
    const text = 'FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n';
    assert.deepEqual(fixSafety('apt-install-recommends', text), [false]);
    assert.equal(applyFixes(text).text, text, 'no safe fix applies');
    assert.match(applyFixes(text, { unsafe: true }).text, /apt-get install --no-install-recommends -y curl/);
  });

  it('MAINTAINER → LABEL adds a label (config): build-changing', () => {
    assert.deepEqual(fixSafety('maintainer-deprecated', 'FROM busybox\nMAINTAINER me\n'), [false]);
  });

  it('creating a .dockerignore changes what COPY . copies: build-changing', () => {
    assert.deepEqual(fixSafety('missing-dockerignore', 'FROM busybox\nCOPY . /app\n', false), [false]);
  });

  it('apt upgrade installs new dependencies, apt-get upgrade does not: only that spelling is build-changing', () => {
    assert.deepEqual(fixSafety('apt-instead-of-apt-get', 'FROM debian\nRUN apt upgrade -y\n'), [false]);
    assert.deepEqual(fixSafety('apt-instead-of-apt-get', 'FROM debian\nRUN apt install -y curl\n'), [true]);
  });
});
