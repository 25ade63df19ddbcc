import type { Rule, Report } from '../rule';

// hadolint DL3021: with several sources the destination must be a directory, written with a trailing `/`;
// otherwise the build fails.
export const copyDestinationSlash: Rule = {
  meta: {
    id: 'copy-destination-slash',
    aliases: ['DL3021'],
    severity: 'error',
    tags: ['correctness'],
    summary: 'COPY/ADD with several sources needs a destination folder ending in `/`.',
  },
  check(model) {
    const reports: Report[] = [];
    for (const instruction of model.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      const args = instruction.getArguments();
      if (args.length < 3 || args[0].getValue().startsWith('[') || args.some((a) => a.getValue().startsWith('<<'))) continue;
      const destination = args[args.length - 1];
      const value = destination.getValue();
      if (value.endsWith('/') || value.endsWith('\\') || value.includes('$')) continue;
      const end = destination.getRange().end;
      reports.push({
        range: destination.getRange(),
        message: `${keyword} with ${args.length - 1} sources needs a destination folder ending in '/': write '${value}/'.`,
        fixes: [{ title: `Write '${value}/'`, safe: true, edits: [{ range: { start: end, end }, newText: '/' }] }],
      });
    }
    return reports;
  },
};
