// Shared by the label rules (hadolint DL3048–DL3058): the LABEL pairs of a file, the stage labels a stage
// inherits from its parent stage, and the value checks of hadolint's `label-schema` types.
import parseSpdx from 'spdx-expression-parse';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import type { PropertyInstruction } from '../../../model/syntax/index';
import { parentStage } from '../../../model/stages';
import type { LabelType } from '../../../config/hadolintConfig';
import type { ConfiguredRuleContext } from '../../../config/configuredContext';
import type { Range } from '../../../types';
import type { Report, RuleContext } from '../../rule';

export interface LabelPair {
  /** The key, quotes removed. */
  name: string;
  /** The value as BuildKit stores it ('' when absent). */
  value: string;
  nameRange: Range;
  /** The value's range, or the key's when there is no value. */
  valueRange: Range;
  /** The value contains a variable: its content is not known before the build. */
  dynamic: boolean;
}

const unquote = (s: string) => (/^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s);

export function labelPairsOf(instruction: PropertyInstruction): LabelPair[] {
  return instruction.getProperties().map((p) => {
    const value = p.getValue() ?? '';
    return {
      name: unquote(p.getName()),
      value,
      nameRange: p.getNameRange(),
      valueRange: p.getValueRange() ?? p.getNameRange(),
      dynamic: /\$/.test(value),
    };
  });
}

/** Every LABEL pair of the file, in order. */
export function allLabelPairs(model: DockerfileModel): LabelPair[] {
  return model.instructions.filter((i) => i.getKeyword() === 'LABEL').flatMap((i) => labelPairsOf(i as PropertyInstruction));
}

/** Label names a stage ends with: its own LABELs and its parent stages' (`FROM base`). */
export function stageLabelNames(model: DockerfileModel, stage: Stage): Set<string> {
  const names = new Set<string>();
  const seen = new Set<Stage>();
  for (let s: Stage | undefined = stage; s && !seen.has(s); s = parentStage(model, s)) {
    seen.add(s);
    for (const i of s.instructions)
      if (i.getKeyword() === 'LABEL') for (const p of labelPairsOf(i as PropertyInstruction)) names.add(p.name);
  }
  return names;
}

// semver.org's grammar: MAJOR.MINOR.PATCH, optional -prerelease and +build, no leading zeros.
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
// RFC 3339 date-time: full-date "T" full-time, with an offset or Z.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$/;
// RFC 5322 addr-spec: dot-atom or quoted local part, dot-atom or literal domain.
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL = new RegExp(`^(?:${ATOM}(?:\\.${ATOM})*|"(?:[^"\\\\\\r\\n]|\\\\.)*")@(?:${ATOM}(?:\\.${ATOM})*|\\[[^\\[\\]\\\\\\s]*\\])$`);

function isRfc3339(value: string): boolean {
  const m = RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 23 && Number(m[10]) <= 59);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60 && offsetOk;
}

function isUrl(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function isSpdx(value: string): boolean {
  try {
    parseSpdx(value);
    return true;
  } catch {
    return false;
  }
}

/** Whether a label value has the type the schema gives it (`text` takes anything). */
export const VALID: Record<LabelType, (value: string) => boolean> = {
  text: () => true,
  url: isUrl,
  semver: (v) => SEMVER.test(v),
  // An abbreviated (7–12 hex digits) or full (SHA-1: 40, SHA-256: 64) git object name.
  hash: (v) => /^(?:[0-9a-fA-F]{7,12}|[0-9a-fA-F]{40}|[0-9a-fA-F]{64})$/.test(v),
  rfc3339: isRfc3339,
  spdx: isSpdx,
  email: (v) => EMAIL.test(v),
};

/** Reports every LABEL value the schema types as `type` that is not of that type (and not empty: see label-empty). */
export function labelTypeReports(
  model: DockerfileModel,
  context: RuleContext,
  type: LabelType,
  message: (name: string, value: string) => string,
): Report[] {
  const schema = (context as ConfiguredRuleContext).labelSchema;
  if (!schema || !Object.values(schema).includes(type)) return [];
  return allLabelPairs(model)
    .filter((p) => schema[p.name] === type && !p.dynamic && p.value !== '' && !VALID[type](p.value))
    .map((p) => ({ range: p.valueRange, message: message(p.name, p.value) }));
}
