import type { Rule } from '../rule';

// ADD of a local path behaves like COPY plus surprises (auto-extraction of archives); COPY says what it does.
export const addInsteadOfCopy: Rule = {
  meta: {
    id: 'add-instead-of-copy',
    aliases: ['DL3020'],
    severity: 'warning',
    tags: ['correctness', 'style'],
    summary: 'Use COPY instead of ADD for files and folders from the build context.',
  },
  check(model) {
    const reports = [];
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'ADD') continue;
      const args = instruction.getArguments();
      const sources = args.slice(0, -1).map((a) => a.getValue());
      // Remote URLs, git repos and archives are what ADD is for.
      if (sources.length === 0 || sources.some((s) => /^(https?|git):\/\/|^git@|\.(tar(\.\w+)?|tgz|tbz2?|txz)$/i.test(s))) continue;
      const keywordRange = instruction.getInstructionRange();
      reports.push({
        range: keywordRange,
        message: 'Use COPY instead of ADD for local files: ADD also unpacks archives and fetches URLs, COPY only copies.',
        fixes: [{ title: 'Replace ADD with COPY', safe: true, edits: [{ range: keywordRange, newText: instruction.getInstruction().replace(/add/i, (m) => (m === 'ADD' ? 'COPY' : 'copy')) }] }],
      });
    }
    return reports;
  },
};
