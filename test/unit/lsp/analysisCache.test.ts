// The options a keystroke's analysis reads from disk are kept briefly (a sixth of a keystroke's analysis in a profile):
// checked on a clock the test sets, against findings a changed option turns on or off.
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisCache, OPTIONS_REUSE_MS } from '../../../server/src/lsp/analysisCache';
import type { AnalyzeOptions } from '../../../server/src/core/analyze';

describe('AnalysisCache: analysis options read from disk', () => {
  const uri = 'file:///project/Dockerfile';
  let now = 0;
  let reads = 0;
  // Each read turns `latest` off or on, as a .hadolint.yaml edited between reads would.
  const optionsFor = (): AnalyzeOptions => ({ severities: { 'latest-tag': reads++ % 2 ? 'error' : 'off' } });
  const doc = (version: number) => TextDocument.create(uri, 'dockerfile', version, `FROM debian:latest\nRUN echo ${version}\n`);
  const latest = (cache: AnalysisCache, version: number) => cache.get(doc(version)).findings.filter((f) => f.rule === 'latest-tag').length;

  beforeEach(() => {
    now = 0;
    reads = 0;
  });

  it('reuses them for versions typed within OPTIONS_REUSE_MS, then reads them again', () => {
    const cache = new AnalysisCache(optionsFor, () => now);
    assert.equal(latest(cache, 1), 0);
    now += OPTIONS_REUSE_MS - 1;
    assert.equal(latest(cache, 2), 0);
    assert.equal(reads, 1);
    now += 1;
    assert.equal(latest(cache, 3), 1);
    assert.equal(reads, 2);
  });

  it('reads them again at once after clear() (a configuration change) and for a closed and reopened document', () => {
    const cache = new AnalysisCache(optionsFor, () => now);
    cache.get(doc(1));
    cache.clear();
    assert.equal(latest(cache, 2), 1);
    cache.delete(uri);
    assert.equal(latest(cache, 3), 0);
    assert.equal(reads, 3);
  });
});
