// The Markdown page of a rule (docs/rules/<id>.md). Looked up next to the running code, so it works
// from the bundle (dist/ beside docs/ in the package) and from compiled tests (out/…).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesById } from './index';

export function ruleDocumentation(ruleId: string): string | undefined {
  const rule = rulesById.get(ruleId);
  if (!rule) return undefined;
  let dir = __dirname;
  for (let up = 0; up < 6; up++) {
    const candidate = path.join(dir, 'docs', 'rules', `${ruleId}.md`);
    if (fs.existsSync(candidate)) return fs.readFileSync(candidate, 'utf8');
    dir = path.dirname(dir);
  }
  const { meta } = rule;
  return `# ${meta.id}\n\n${meta.summary}\n\nSeverity: ${meta.severity}. Tags: ${meta.tags.join(', ')}.${meta.aliases.length ? ` Covers: ${meta.aliases.join(', ')}.` : ''}\n`;
}
