import type { Onbuild } from 'dockerfile-ast';
import type { Rule, Report } from '../rule';

const FORBIDDEN = new Set(['ONBUILD', 'FROM', 'MAINTAINER']);

// hadolint DL3043: Docker refuses ONBUILD ONBUILD, ONBUILD FROM and ONBUILD MAINTAINER when the trigger fires,
// which is in someone else's build.
export const onbuildTrigger: Rule = {
  meta: {
    id: 'onbuild-trigger',
    aliases: ['DL3043'],
    severity: 'error',
    tags: ['correctness'],
    summary: 'ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'ONBUILD') continue;
      const trigger = (instruction as Onbuild).getTrigger()?.toUpperCase();
      const range = (instruction as Onbuild).getTriggerRange();
      if (!trigger || !range || !FORBIDDEN.has(trigger)) continue;
      reports.push({ range, message: `ONBUILD ${trigger} is not allowed: the build that uses this image as its base will fail.` });
    }
    return reports;
  },
};
