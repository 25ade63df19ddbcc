import type { JSONInstruction } from '../../model/syntax/index';
import type { Rule, Report } from '../rule';
import * as l10n from '../../l10n';

// What only ADD can do: fetch URLs and git repositories, unpack local tar archives (compressed or not).
const REMOTE = /^(https?|git|ssh):\/\/|^git@|\.git(#.*)?$/i;
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tzst|tar\.(gz|bz2|xz|zst|lz4|lzma))$/i;
/** A JSON string's value from the document text (the parser's value drops inner spaces). */
const ADD_ONLY_FLAGS = new Set(['checksum', 'keep-git-dir', 'unpack']);

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
    const reports: Report[] = [];
    // `ONBUILD ADD …` too, as hadolint checks it: the trigger is read as the ADD it wraps.
    for (const instruction of [...model.instructions, ...model.triggers]) {
      if (instruction.getKeyword() !== 'ADD') continue;
      const flags = (instruction as unknown as { getFlags(): { getName(): string }[] }).getFlags();
      if (flags.some((f) => ADD_ONLY_FLAGS.has(f.getName()))) continue;
      // Exec form `ADD ["src", "/dst"]`: the JSON strings are the paths.
      const json = (instruction as JSONInstruction).getJSONStrings();
      // Shell form: quotes removed as BuildKit does (`ADD "app.tgz" /x` unpacks like `ADD app.tgz /x`).
      const args = json.length > 0 ? json.map((s) => s.getJSONValue()) : instruction.getArguments().map((a) => a.getUnquotedValue());
      if (json.length === 0 && instruction.getArguments()[0]?.getValue().startsWith('[')) continue;
      const sources = args.slice(0, -1);
      // A source built from variables may be a URL: only the author knows.
      if (sources.length === 0 || sources.some((s) => s.includes('$') || REMOTE.test(s) || ARCHIVE.test(s))) continue;
      const keywordRange = instruction.getInstructionRange();
      reports.push({
        range: keywordRange,
        message: l10n.t('Use COPY instead of ADD for local files: ADD also unpacks archives and fetches URLs, COPY only copies.'),
        fixes: [
          {
            title: l10n.t('Replace ADD with COPY'),
            safe: true,
            edits: [
              {
                range: keywordRange,
                newText:
                  instruction.getInstruction() === 'ADD'
                    ? 'COPY'
                    : instruction.getInstruction().replace(/add/i, (m) => (m === m.toUpperCase() ? 'COPY' : 'copy')),
              },
            ],
          },
        ],
      });
    }
    return reports;
  },
};
