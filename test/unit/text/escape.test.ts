import * as assert from 'node:assert/strict';
import { escapeControlChars, escapeControlCharsInline, escapeMarkdownText } from '../../../common/text/escape';

describe('escapeControlChars', () => {
  it('makes ESC, OSC 52, CSI, C1, DEL, CR and bidi overrides visible, keeping TAB and LF', () => {
    const osc52 = '\x1b]52;c;ZWNobyBwd25lZA==\x07';
    assert.equal(escapeControlChars(`a${osc52}b`), 'a\\x1b]52;c;ZWNobyBwd25lZA==\\x07b');
    assert.equal(escapeControlChars('x\x9b31my\x7f\r'), 'x\\x9b31my\\x7f\\r');
    assert.equal(escapeControlChars('l1\n\tl2'), 'l1\n\tl2');
    assert.equal(escapeControlChars('\u202eevil\u2066'), '\\u202eevil\\u2066');
    assert.equal(escapeControlChars('\0'), '\\x00');
    assert.equal(escapeControlChars('plain ünïcødé ✓'), 'plain ünïcødé ✓');
  });

  it('leaves no control character in any input', () => {
    let all = '';
    for (let c = 0; c < 0x2100; c++) all += String.fromCharCode(c);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    assert.doesNotMatch(escapeControlChars(all), /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    assert.doesNotMatch(escapeControlCharsInline(all), /[\x00-\x1f\x7f-\x9f]/);
  });

  it('inline form also escapes line breaks and tabs; Markdown form also makes metacharacters inert', () => {
    assert.equal(escapeControlCharsInline('a\nb\tc'), 'a\\nb\\tc');
    assert.equal(escapeMarkdownText('<img src=x>[a](b) *c* | `d`\x1b'), '&lt;img src=x&gt;\\[a\\]\\(b\\) \\*c\\* \\| \\`d\\`\\\\x1b');
  });
});
