import * as assert from 'node:assert/strict';
import { covered } from '../policyHarness';

describe('inline-ignore-pragma', () => {
  it('reports hadolint and layerwise ignore comments, global and stage ones too', () => {
    const text =
      '# hadolint global ignore=DL3007\nFROM a:latest\n# layerwise ignore=latest-tag\nRUN true\n  # hadolint stage ignore=DL3008\nRUN false\n';
    assert.deepEqual(
      covered('inline-ignore-pragma', text).map((c) => c.split(':')[0]),
      ['1', '3', '5'],
    );
  });
  it('ignores other comments, check directives and heredoc lines that look like pragmas', () => {
    assert.deepEqual(
      covered('inline-ignore-pragma', '# check=skip=StageNameCasing\n# ignore this\nFROM a:1\nRUN <<EOF\n# hadolint ignore=DL3008\nEOF\n'),
      [],
    );
  });
});
