import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../server/src/core/analyze';
import type { Rule } from '../../server/src/core/rules/rule';

describe('analyzeModel', () => {
  it('isolates a rule that throws and still runs the others', () => {
    const broken: Rule = {
      meta: { id: 'broken', aliases: [], severity: 'error', tags: ['style'], summary: '' },
      check: () => {
        throw new Error('boom');
      },
    };
    const working: Rule = {
      meta: { id: 'working', aliases: [], severity: 'warning', tags: ['style'], summary: '' },
      check: (m) => m.instructions.map((i) => ({ range: i.getRange(), message: i.getKeyword() })),
    };
    const errors: string[] = [];
    const findings = analyzeModel(parseDockerfile('FROM a\nRUN b\n'), { rules: [broken, working], onRuleError: (id) => errors.push(id) });
    assert.deepEqual(errors, ['broken']);
    assert.deepEqual(
      findings.map((f) => f.message),
      ['FROM', 'RUN'],
    );
  });

  it('honours severity overrides and "off"', () => {
    const rule: Rule = {
      meta: { id: 'r', aliases: [], severity: 'warning', tags: ['style'], summary: '' },
      check: () => [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'm' }],
    };
    const model = parseDockerfile('FROM a\n');
    assert.equal(analyzeModel(model, { rules: [rule], severities: { r: 'error' } })[0].severity, 'error');
    assert.equal(analyzeModel(model, { rules: [rule], severities: { r: 'off' } }).length, 0);
  });
});
