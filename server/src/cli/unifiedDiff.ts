import { createTwoFilesPatch } from 'diff';

/**
 * A unified diff in `git diff` style (`--- a/path`, `+++ b/path`), empty when nothing changed; `created`
 * diffs a new file against /dev/null. Paths use forward slashes; an absolute path loses its leading slash
 * after the a/ b/ prefix, as git prints it.
 */
export function unifiedDiff(file: string, before: string, after: string, created = false): string {
  if (before === after) return '';
  const name = file.replace(/\\/g, '/').replace(/^\/+/, '');
  const patch = createTwoFilesPatch(created ? '/dev/null' : `a/${name}`, `b/${name}`, before, after, '', '', { context: 3 });
  // The library starts with a line of "=" (svn style), which patch(1) and git apply do not need.
  return patch.replace(/^=+\n/, '').replace(/^(---|\+\+\+) (.*?)\t$/gm, '$1 $2');
}
