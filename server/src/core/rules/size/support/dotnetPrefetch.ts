// .NET: `dotnet restore` needs the restored solution or project with every project it references
// (dotnetReferences.ts), and the files that change what a restore resolves (Directory.Build.props/.targets,
// Directory.Packages.props, NuGet.config, global.json), each in its own folder. The later build/publish is left to restore again: with every package already in the
// NuGet cache that downloads nothing, and it stays correct when a project is added later. `--no-restore`
// is not added: it fails as soon as the restore and the publish disagree on runtime or properties.
import type { FixProposal } from '../../../types';
import { copyLine, prefetchFix, prefetchSite, ProjectInstall, runLine } from './projectPrefetch';
import { projectClosure } from './dotnetReferences';

const PROJECTS = /\.(sln|slnx|csproj|fsproj|vbproj)$/i;
const RESTORE_INPUTS = /^(Directory\.(Build|Packages)\.(props|targets)|nuget\.config|global\.json)$/i;
/** Restore options the later command uses that must be the same for the prefetch (runtime, sources, properties). */
const RESTORE_OPTION =
  /^(-r|--runtime|-a|--arch|--os|-s|--source|--configfile|--packages|--use-current-runtime|--ucr|--disable-parallel|--no-cache|--force|--locked-mode|-p|--property|[-/]p:.+|--property:.+)(=.*)?$/i;
/** Options whose value is the next word. */
const VALUE_TAKING =
  /^(-r|--runtime|-a|--arch|--os|-s|--source|--configfile|--packages|-c|--configuration|-o|--output|-f|--framework|-v|--verbosity|-p|--property|--version-suffix|-t|--target)$/i;
/** At most this many folders get a COPY of their own; past it the fix would be a wall of COPY lines. */
const MAX_FOLDERS = 12;

export function dotnetFix(p: ProjectInstall): FixProposal | undefined {
  const { files, install } = p;
  if (!files) return undefined;
  const projects = files.find(PROJECTS, 4);
  if (projects.length === 0) return undefined;
  const i = install.invocation;
  // Options to repeat on the restore, and the project or solution named on the command line
  // (`dotnet publish src/App/App.csproj`), which is restored alike.
  const options: string[] = [];
  const target: { text: string; path: string }[] = [];
  for (let n = 0; n < i.words.length; n++) {
    const word = i.words[n];
    const v = word.value;
    if (word === i.subcommandWord) continue;
    if (v === undefined) return undefined;
    if (!v.startsWith('-') && !/^\/p:/i.test(v)) {
      if (!PROJECTS.test(v) && files.kind(v) !== 'directory') return undefined;
      target.push({ text: word.text, path: v.replace(/^(\.\/)+/, '').replace(/\/+$/, '') });
      continue;
    }
    // `--self-contained [true|false]`: its optional value is not a project.
    if (/^(--self-contained|--sc)$/i.test(v) && /^(true|false)$/i.test(i.words[n + 1]?.value ?? '')) {
      n++;
      continue;
    }
    const takesValue = VALUE_TAKING.test(v);
    if (RESTORE_OPTION.test(v)) options.push(word.text, ...(takesValue && i.words[n + 1] ? [i.words[n + 1].text] : []));
    if (takesValue) n++;
  }
  // The project or solution restored: the one named, the one in the named folder, or the root's only one.
  if (target.length > 1) return undefined;
  const named = target[0]?.path ?? '';
  const entries = PROJECTS.test(named)
    ? [named]
    : projects.filter((f) => (named ? f.startsWith(`${named}/`) && !f.slice(named.length + 1).includes('/') : !f.includes('/')));
  if (entries.length !== 1 || files.kind(entries[0]) !== 'file') return undefined;
  const restored = projectClosure(files, entries);
  if (!restored) return undefined;
  const site = prefetchSite(p);
  if (!site || site.command.nameWord !== i.toolWord) return undefined;

  const byFolder = new Map<string, string[]>();
  for (const file of [...restored, ...files.find(RESTORE_INPUTS, 4)].sort()) {
    const slash = file.lastIndexOf('/');
    const folder = slash < 0 ? '' : file.slice(0, slash);
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), file]);
  }
  if (byFolder.size > MAX_FOLDERS) return undefined;
  const lines = [...byFolder].sort(([a], [b]) => a.localeCompare(b)).map(([folder, list]) => copyLine(site, p.all, list, folder));
  lines.push(runLine(site, [i.toolWord.text, 'restore', ...target.map((t) => t.text), ...options].join(' ')));
  return prefetchFix(p, site, lines);
}
