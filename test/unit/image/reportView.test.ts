import * as assert from 'node:assert/strict';
import { reportHtml } from '../../../client/src/analyze/html';
import { parseWebviewMessage } from '../../../client/src/analyze/messages';
import { exportFileName } from '../../../client/src/analyze/exportName';
import { escapeMarkdown, formatMarkdown } from '../../../common/image/textReport';
import { reportJson } from '../../../common/image/reportJson';
import type { ImageReport } from '../../../common/image/types';

const HOSTILE = '<img src=x onerror=alert(1)></script>|`*[x](javascript:alert(1))';

function report(): ImageReport {
  return {
    image: 'app:1',
    layout: 'docker',
    sizeBytes: 30,
    visibleBytes: 10,
    wastedBytes: 20,
    efficiency: 1 / 3,
    fileCount: 1,
    base: { layerCount: 0, how: 'unknown' },
    aboveBase: { sizeBytes: 30, wastedBytes: 20, efficiency: 1 / 3, baseBytesHidden: 0 },
    layers: [
      {
        index: 0,
        sizeBytes: 30,
        createdBy: `/bin/sh -c echo '${HOSTILE}'`,
        addedBytes: 30,
        modifiedBytes: 0,
        removedBytes: 0,
        fileCount: 2,
        wastedBytes: 20,
        hidesBytes: 0,
        inBase: false,
      },
    ],
    wastedFiles: [{ path: `/${HOSTILE}`, bytes: 20, addedInLayer: 0, hiddenInLayer: 1, how: 'deleted' }],
    wastedFileCount: 1,
    wastePairs: [],
    largestFiles: [{ path: `/${HOSTILE}`, bytes: 10 }],
    largestDirectories: [],
    secrets: [],
  };
}

describe('report view', () => {
  it('has a strict CSP: nothing but the nonce-carrying script and style, no inline handlers', () => {
    const html = reportHtml({
      cspSource: 'https://webview.example',
      scriptUri: 'https://webview.example/report.js',
      styleUri: 'https://webview.example/report.css',
      nonce: 'abc123',
    });
    const csp = /content="([^"]+)"/.exec(html)![1];
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
    assert.match(csp, /style-src https:\/\/webview.example 'nonce-abc123'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.equal((html.match(/<script /g) ?? []).length, 1);
    assert.match(html, /<script nonce="abc123" src=/);
  });

  it('accepts only well-formed messages from the page', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'reveal', line: 4 }), { type: 'reveal', line: 4 });
    assert.deepEqual(parseWebviewMessage({ type: 'proveFix', rule: 'cleanup-in-later-layer', lines: [2, 3], extra: 1 }), {
      type: 'proveFix',
      rule: 'cleanup-in-later-layer',
      lines: [2, 3],
    });
    for (const bad of [
      null,
      'x',
      { type: 'reveal', line: 0 },
      { type: 'reveal', line: '4' },
      { type: 'export', format: 'html' },
      { type: 'applyFix', rule: '../x', lines: [1] },
      { type: 'proveFix', rule: 'x', lines: ['1'] },
      { type: 'nope' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it("exports Markdown with hostile strings escaped, and JSON in the issue's shape", () => {
    const markdown = formatMarkdown(report());
    assert.ok(!markdown.includes('<img'), 'no raw HTML');
    assert.ok(!markdown.includes('](javascript'), 'no live link');
    assert.ok(markdown.includes(escapeMarkdown(`/${HOSTILE}`)));
    const json = reportJson(report()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).slice(0, 6), ['image', 'sizeBytes', 'wastedBytes', 'efficiency', 'layers', 'wastedFiles']);
    assert.equal((json.layers as { line: unknown }[])[0].line, null);
    assert.equal(exportFileName('registry.example/team/app:1.2', 'markdown'), 'registry.example-team-app-1.2-analysis.md');
    assert.equal(exportFileName('sha256:abc', 'json'), 'abc-analysis.json');
  });
});
