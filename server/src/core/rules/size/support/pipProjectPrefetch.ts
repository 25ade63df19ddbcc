// `pip install .`: pip has no "dependencies only" install, and building the project needs its sources.
// What is robust: when pyproject.toml declares its dependencies statically (`[project] dependencies`,
// not `dynamic`), they are a list of PEP 508 strings — valid requirement lines. The prefetch reads them
// with the standard library's tomllib (Python 3.11+), installs them as a requirements file with the
// install's own options, and the install becomes `pip install --no-deps .`. Dependencies computed by
// setup.py, or an interpreter that may be older than 3.11, get no fix.
import type { From } from '../../../model/syntax/index';
import type { DockerfileModel, Stage } from '../../../model/dockerfileModel';
import { parentStage } from '../../../model/stages';
import type { FixProposal } from '../../../types';
import { insertOptionAfter } from './index';
import { copyLine, optionWords, prefetchFix, prefetchSite, ProjectInstall, runLine } from './projectPrefetch';

const DEPS_FILE = '/tmp/project-deps.txt';
/** Options that bring in more requirements than the project's own (they would need their files too). */
const OTHER_REQUIREMENTS = /^(-r|--requirement|-c|--constraint)(=|$)|^-[rc]./;

/** The `[project]` table declares `dependencies` itself (not computed at build time). */
export function staticDependencies(pyproject: string): boolean {
  const lines = pyproject.split(/\r?\n/);
  const start = lines.findIndex((l) => /^\s*\[project\]\s*(#.*)?$/.test(l));
  if (start < 0) return false;
  const end = lines.findIndex((l, n) => n > start && /^\s*\[\[?\s*[A-Za-z"']/.test(l));
  const table = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((l) => l.replace(/#.*$/, ''))
    .join('\n');
  const dynamic = /^\s*dynamic\s*=\s*\[([^\]]*)\]/m.exec(table);
  return /^\s*dependencies\s*=\s*\[/m.test(table) && !(dynamic && /["']dependencies["']/.test(dynamic[1]));
}

/** The stage descends from an official-style python image of 3.11 or later (tomllib is standard there). */
export function hasTomllib(model: DockerfileModel, stage: Stage): boolean {
  let s: Stage | undefined = stage;
  for (let guard = 0; s && guard < 16; guard++) {
    const parent = parentStage(model, s);
    if (!parent) break;
    s = parent;
  }
  if (!s) return false;
  const from = s.from as From;
  if (!/(^|\/)python$/.test(from.getImageName() ?? '')) return false;
  const tag = from.getImageTag() ?? 'latest';
  // `python:slim`, `python:bookworm`, `python:3`: the newest Python; `3.11`, `3.12-slim`…: that one.
  if (!/^\d/.test(tag) || /^3(-|$)/.test(tag)) return !tag.includes('$');
  const minor = /^3\.(\d+)/.exec(tag);
  return minor !== null && Number(minor[1]) >= 11;
}

export function pipProjectFix(p: ProjectInstall): FixProposal | undefined {
  const { files, install, model, stage } = p;
  const i = install.invocation;
  if (!files || !i.subcommandWord || optionWords(p).some((o) => OTHER_REQUIREMENTS.test(o))) return undefined;
  const pyproject = files.read('pyproject.toml');
  if (pyproject === undefined || !staticDependencies(pyproject) || !hasTomllib(model, stage)) return undefined;
  const site = prefetchSite(p);
  if (!site) return undefined;
  const command = site.command;
  const words = [command.nameWord, ...command.args];
  // The project itself (`.`, `-e .`, `--editable=.`) is replaced by the requirements file; nothing else is named.
  const kept: string[] = [];
  let project = 0;
  for (let n = 0; n < words.length; n++) {
    const v = words[n].value;
    if ((v === '-e' || v === '--editable') && /^\.\/?$/.test(words[n + 1]?.value ?? '')) {
      n++;
      project++;
      continue;
    }
    if (v === '.' || v === './' || /^--editable=\.\/?$/.test(v ?? '')) {
      project++;
      continue;
    }
    kept.push(words[n].text);
  }
  if (project !== 1 || i.operands.some((o) => !/^\.\/?$/.test(o.value ?? ''))) return undefined;
  const python = /^python[\d.]*$/.test(command.name.slice(command.name.lastIndexOf('/') + 1)) ? command.nameWord.text : 'python3';
  const assignments = command.assignments.map((a) => `${a.name}=${a.value}`);
  const read = `${python} -c "import tomllib; print('\\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > ${DEPS_FILE}`;
  const installDeps = [...assignments, ...kept, '-r', DEPS_FILE].join(' ');
  const lines = [copyLine(site, p.all, ['pyproject.toml']), runLine(site, `${read} && ${installDeps} && rm ${DEPS_FILE}`)];
  return prefetchFix(p, site, lines, [insertOptionAfter(p.script, i.subcommandWord, '--no-deps')]);
}
