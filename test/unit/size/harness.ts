// Helpers for the size rule tests.
import * as path from 'node:path';
import { parseDockerfile } from '../../../server/src/core/model/dockerfileModel';
import { analyzeModel } from '../../../server/src/core/analyze';
import { rulesById } from '../../../server/src/core/rules/index';
import type { Finding } from '../../../server/src/core/types';

/** Fixtures are read from the source tree (tests run from out/test/unit/size). */
export const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/rules/size');

/** `dockerignoreExists`: what the caller knows about the build context (`'unknown'` → undefined). */
export function sizeFindings(ruleId: string, text: string, dockerignore: boolean | 'unknown' = false): Finding[] {
  const dockerignoreExists = dockerignore === 'unknown' ? undefined : dockerignore;
  const rule = rulesById.get(ruleId);
  if (!rule) throw new Error(`rule ${ruleId} is not registered`);
  return analyzeModel(parseDockerfile(text), { rules: [rule], pragmas: false, context: { dockerignoreExists } });
}
