// Which stage a FROM builds on: found while dogfooding the size rules (cache rules follow FROM ancestors).
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { parentStage, stageChain } from '../../../server/src/core/model/stages';
import { analyzeModel } from '../../../server/src/core/analyze';
import { initShellParser } from '../../../server/src/core/shell/index';

describe('parentStage', () => {
  it('a registry image whose last path part equals a stage name is not that stage', () => {
    const model = parseDockerfile('FROM alpine AS build\nRUN true\nFROM ghcr.io/acme/build:1\nFROM build:latest\nFROM build\n');
    assert.equal(parentStage(model, model.stages[1]), undefined);
    assert.equal(parentStage(model, model.stages[2]), undefined);
    assert.equal(parentStage(model, model.stages[3]), model.stages[0]);
  });
});

describe('a file without FROM', () => {
  before(() => initShellParser());

  it('is one implicit stage, so every rule that applies still reports (as hadolint lints it)', () => {
    const text = 'WORKDIR app\nCMD run-me\nUSER root\nCOPY --from=0 /a /b\n';
    const model = parseDockerfile(text);
    assert.equal(model.stages.length, 1);
    assert.equal(model.stages[0].implicit, true);
    assert.equal(model.stages[0].from.getImage(), null);
    assert.equal(model.instructions.length, 4, 'the implicit FROM is not an instruction of the text');
    const rules = new Set(analyzeModel(model).map((f) => f.rule));
    for (const rule of ['workdir-relative', 'json-args-recommended', 'root-user', 'copy-from-stage']) assert.ok(rules.has(rule), rule);
  });

  it('has no stage when it holds nothing but ARGs (or nothing)', () => {
    assert.deepEqual(parseDockerfile('ARG A=1\n').stages, []);
    assert.deepEqual(parseDockerfile('').stages, []);
  });
});

describe('stageChain', () => {
  it('is the stage and the stages it is built FROM, nearest first, and ends on a cycle', () => {
    const model = parseDockerfile('FROM a:1 AS base\nFROM base AS mid\nFROM mid AS app\nFROM b:1\n');
    assert.deepEqual(
      stageChain(model, model.stages[2]).map((s) => s.name),
      ['app', 'mid', 'base'],
    );
    assert.deepEqual(stageChain(model, model.stages[3]), [model.stages[3]]);
    const cycle = parseDockerfile('FROM b AS a\nFROM a AS b\n');
    assert.ok(stageChain(cycle, cycle.stages[1]).length <= 2);
  });
});
