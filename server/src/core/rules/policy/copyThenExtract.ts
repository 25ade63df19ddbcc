import type { Rule, Report } from '../rule';
import { parsedRuns } from '../correctness/support/shellSupport';
import { copyOperands } from './support/copyOperands';
import * as l10n from '../../l10n';

// Local archives ADD unpacks by itself: tar, uncompressed or gzip, bzip2, xz (zip is not).
const ARCHIVE = /\.(tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz))$/i;
const basename = (p: string) => p.replace(/\/+$/, '').slice(p.replace(/\/+$/, '').lastIndexOf('/') + 1);

// hadolint DL3010, opt-in: `COPY app.tar.gz /tmp/` then `RUN tar -xzf /tmp/app.tar.gz` keeps the archive in the
// COPY layer for good; `ADD app.tar.gz /opt/app/` unpacks it in one layer. Opt-in because COPY + tar is often
// deliberate (a checksum check first, a subset extracted, `--strip-components`), which ADD cannot do.
export const copyThenExtract: Rule = {
  meta: {
    id: 'copy-then-extract',
    aliases: ['DL3010'],
    severity: 'info',
    tags: ['size'],
    summary: 'A local archive COPYed and then unpacked with tar: ADD unpacks it in one layer; opt-in.',
    optIn: true,
  },
  check(model) {
    const reports: Report[] = [];
    const extracted = new Set<string>();
    for (const { script } of parsedRuns(model, /\btar\b/))
      for (const command of script.commands)
        if (command.name === 'tar')
          for (const arg of command.args) if (arg.value && ARCHIVE.test(arg.value)) extracted.add(basename(arg.value));
    if (extracted.size === 0) return reports;
    for (const instruction of model.instructions) {
      if (instruction.getKeyword() !== 'COPY') continue;
      const operands = copyOperands(instruction);
      if (!operands || (instruction as unknown as { getFromFlag(): unknown }).getFromFlag()) continue;
      for (const source of operands.sources) {
        if (!ARCHIVE.test(source.value)) continue;
        const destination = operands.destination.value;
        // `COPY a.tgz /tmp/` keeps the name; `COPY a.tgz /tmp/b.tgz` renames it.
        const name = destination.endsWith('/') || !ARCHIVE.test(destination) ? basename(source.value) : basename(destination);
        if (!extracted.has(name)) continue;
        reports.push({
          range: source.range,
          message: l10n.t(
            '{0} is copied and then unpacked with tar, so the archive stays in a layer: ADD unpacks local archives itself.',
            source.value,
          ),
        });
      }
    }
    return reports;
  },
};
