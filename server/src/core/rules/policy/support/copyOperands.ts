// The paths of a COPY or ADD instruction, shell form or exec form (`COPY ["a b", "/dst/"]`), with ranges.
import type { Instruction, JSONInstruction } from '../../../model/syntax/index';
import type { Range } from '../../../types';

export interface CopyPath {
  value: string;
  range: Range;
}

const unquote = (s: string) => (/^(["']).*\1$/s.test(s) ? s.slice(1, -1) : s);

/** Sources and destination; undefined for heredoc COPY/ADD or fewer than two paths. */
export function copyOperands(instruction: Instruction): { sources: CopyPath[]; destination: CopyPath } | undefined {
  const json = (instruction as JSONInstruction).getJSONStrings?.() ?? [];
  const paths: CopyPath[] =
    json.length > 0
      ? json.map((s) => ({ value: s.getJSONValue(), range: s.getRange() }))
      : instruction.getArguments().map((a) => ({ value: unquote(a.getValue()), range: a.getRange() }));
  if (paths.length < 2 || paths.some((p) => p.value.startsWith('<<'))) return undefined;
  return { sources: paths.slice(0, -1), destination: paths[paths.length - 1] };
}
