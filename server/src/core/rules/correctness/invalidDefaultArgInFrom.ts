import type { PropertyInstruction } from '../../model/syntax/index';
import type { DockerfileModel } from '../../model/dockerfileModel';
import { isImageReference } from '../../engine/imageReference';
import type { Rule, Report } from '../rule';
import { BUILTIN_ARG_VALUES, expandArgs } from './support/expandArgs';
import * as l10n from '../../l10n';

// BuildKit's InvalidDefaultArgInFrom: with only the ARG defaults (no --build-arg), a FROM's image must still
// expand to a valid reference. `ARG TAG` + `FROM alpine:${TAG}` gives `alpine:`; `FROM busybox:stable${VARIANT}`
// gives `busybox:stable` and is fine, as BuildKit decides.

/** The global ARGs' values as a build without --build-arg sees them; undefined when one cannot be evaluated. */
function defaultArgValues(model: DockerfileModel): Map<string, string> | undefined {
  const values = new Map(BUILTIN_ARG_VALUES);
  const firstFrom = model.stages[0]?.from.getRange().start.line ?? Infinity;
  for (const instruction of model.instructions) {
    if (instruction.getRange().start.line >= firstFrom) break;
    if (instruction.getKeyword() !== 'ARG') continue;
    for (const p of (instruction as PropertyInstruction).getProperties()) {
      const raw = p.getValue();
      if (raw === null) continue;
      const value = expandArgs(raw, values, model.escapeChar);
      if (value === undefined) return undefined;
      values.set(p.getName(), value);
    }
  }
  return values;
}

/** A full image id is no name for FROM to pull (BuildKit's reference parser refuses 64 hex digits). */
const HEX_ID = /^(?:sha256:)?[a-f0-9]{64}$/;

export const invalidDefaultArgInFrom: Rule = {
  meta: {
    id: 'invalid-default-arg-in-from',
    aliases: ['InvalidDefaultArgInFrom'],
    severity: 'warning',
    tags: ['correctness'],
    summary: 'With only the ARG defaults, a FROM expands to an empty or invalid image reference.',
  },
  check(model) {
    const reports: Report[] = [];
    let values: Map<string, string> | undefined | null = null;
    for (const stage of model.stages) {
      const image = stage.from.getArguments()[0];
      if (!image || !image.getValue().includes('$')) continue;
      values ??= defaultArgValues(model);
      if (!values) return reports;
      const expanded = expandArgs(image.getValue(), values, model.escapeChar);
      if (expanded === undefined || (isImageReference(expanded) && !HEX_ID.test(expanded))) continue;
      reports.push({
        range: image.getRange(),
        message: l10n.t(
          "With the ARG defaults, '{0}' expands to '{1}', an empty or invalid image reference: give the build arguments it uses defaults that make a valid image name.",
          image.getValue(),
          expanded,
        ),
      });
    }
    return reports;
  },
};
