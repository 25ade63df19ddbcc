// `COPY .` with no .dockerignore: the whole context (.git, node_modules, build output, local secrets) is
// sent to the builder on every build and lands in the image. The fix writes a .dockerignore for the
// ecosystems the Dockerfile builds.
import type { Rule } from '../rule';
import { copyAll, ecosystems, Ecosystem } from './support/copySources';
import type { SizeReport } from './support';
import * as l10n from '../../l10n';

const COMMON = [
  '# Version control, editor and OS files',
  '.git',
  '.gitignore',
  '.vscode',
  '.idea',
  '.DS_Store',
  '',
  '# Docker files themselves',
  'Dockerfile*',
  '.dockerignore',
  'docker-compose*.yml',
  '',
  '# Local secrets',
  '.env',
  '.env.*',
  '*.pem',
  '',
  '# Logs',
  '*.log',
];

const BY_ECOSYSTEM: Record<Ecosystem, string[]> = {
  node: ['node_modules', 'npm-debug.log*', 'yarn-error.log*', '.npm', 'coverage', '.next/cache'],
  python: ['__pycache__', '*.py[cod]', '.venv', 'venv', '.pytest_cache', '.mypy_cache', '*.egg-info', '.tox'],
  go: ['bin', 'vendor'],
  rust: ['target'],
  java: ['target', 'build', '.gradle'],
  dotnet: ['bin', 'obj'],
  ruby: ['.bundle', 'vendor/bundle', 'log', 'tmp'],
  php: ['vendor'],
};

export function dockerignoreContent(found: readonly Ecosystem[]): string {
  const lines = [...COMMON];
  for (const eco of found) lines.push('', `# ${eco}`, ...BY_ECOSYSTEM[eco]);
  return `${lines.join('\n')}\n`;
}

export const missingDockerignore: Rule = {
  meta: {
    id: 'missing-dockerignore',
    aliases: [],
    severity: 'warning',
    tags: ['size', 'cache', 'security'],
    summary:
      '`COPY .` or `ADD .` without a `.dockerignore`: the whole build context, .git and node_modules included, is sent and can land in the image.',
  },
  check(model, context) {
    if (context.dockerignoreExists !== false) return [];
    const reports: SizeReport[] = [];
    for (const instruction of model.instructions) {
      const all = copyAll(model, instruction);
      if (!all) continue;
      const first = reports.length === 0;
      reports.push({
        range: instruction.getRange(),
        message: l10n.t(
          '`{0} .` sends the whole build context, but there is no .dockerignore: .git, dependencies and local files go into the build (and the image).',
          instruction.getKeyword(),
        ),
        // One file serves every COPY: offer it on the first.
        fixes: first
          ? [
              {
                title: l10n.t('Create .dockerignore'),
                safe: false,
                edits: [],
                createFiles: [{ path: '.dockerignore', content: dockerignoreContent(ecosystems(model)) }],
              },
            ]
          : [],
      });
    }
    return reports;
  },
};
