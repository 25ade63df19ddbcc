// Which stage a FROM builds on: found while dogfooding the size rules (cache rules follow FROM ancestors).
import * as assert from 'node:assert/strict';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { parentStage } from '../../../server/src/core/model/stages';

describe('parentStage', () => {
  it('a registry image whose last path part equals a stage name is not that stage', () => {
    const model = parseDockerfile('FROM alpine AS build\nRUN true\nFROM ghcr.io/acme/build:1\nFROM build:latest\nFROM build\n');
    assert.equal(parentStage(model, model.stages[1]), undefined);
    assert.equal(parentStage(model, model.stages[2]), undefined);
    assert.equal(parentStage(model, model.stages[3]), model.stages[0]);
  });
});
