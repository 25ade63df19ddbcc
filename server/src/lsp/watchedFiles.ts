// The files the server asks the editor to watch (workspace/didChangeWatchedFiles), registered dynamically so the
// editor watches no more than this and drops the watchers with the connection:
// - configuration that rules read: `.hadolint.yaml`/`.yml` (the nearest one upward applies) and `.dockerignore` or
//   `<Dockerfile>.dockerignore`: a change analyses every open document again;
// - the build context of each open Dockerfile on disk (its folder, every file in it): a change forgets the cached
//   context walk behind the COPY/ADD cost lenses. Watched from when the first Dockerfile of a folder opens until
//   the last one closes.
import { URI } from 'vscode-uri';
import { ClientCapabilities, Connection, DidChangeWatchedFilesNotification, Disposable, FileSystemWatcher } from 'vscode-languageserver';

export const CONFIGURATION_GLOBS = ['**/.hadolint.yaml', '**/.hadolint.yml', '**/*.dockerignore'];

/** Whether a changed file is one of CONFIGURATION_GLOBS. */
export function isConfigurationFile(uri: string): boolean {
  return /(^|\/)(\.hadolint\.ya?ml|[^/]*\.dockerignore)$/.test(uri);
}

export class WatchedFiles {
  private readonly contexts = new Map<string, Promise<Disposable | undefined>>();
  private readonly dynamic: boolean;
  private readonly relative: boolean;
  private started = false;
  private wanted = new Set<string>();

  constructor(
    private readonly connection: Connection,
    capabilities: ClientCapabilities,
  ) {
    const support = capabilities.workspace?.didChangeWatchedFiles;
    this.dynamic = support?.dynamicRegistration === true;
    this.relative = support?.relativePatternSupport === true;
  }

  /** After `initialized` (registrations are refused before): the configuration files, then the contexts so far. */
  start(): void {
    this.started = true;
    if (!this.dynamic) return;
    void this.register(CONFIGURATION_GLOBS.map((globPattern) => ({ globPattern })));
    this.watchContexts(this.wanted);
  }

  /** The context folders to watch now (those of the open Dockerfiles on disk): new ones are added, the rest dropped. */
  watchContexts(folders: Iterable<string>): void {
    this.wanted = new Set(folders);
    if (!this.started || !this.dynamic) return;
    for (const folder of this.wanted) {
      if (!this.contexts.has(folder)) this.contexts.set(folder, this.register([{ globPattern: this.everythingIn(folder) }]));
    }
    for (const [folder, registration] of this.contexts) {
      if (this.wanted.has(folder)) continue;
      this.contexts.delete(folder);
      void registration.then((r) => r?.dispose());
    }
  }

  private everythingIn(folder: string): FileSystemWatcher['globPattern'] {
    if (this.relative) return { baseUri: URI.file(folder).toString(), pattern: '**/*' };
    return `${folder.replace(/\\/g, '/').replace(/\/$/, '')}/**/*`;
  }

  private register(watchers: FileSystemWatcher[]): Promise<Disposable | undefined> {
    return this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error: unknown) => {
      this.connection.console.warn(`File watching unavailable: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    });
  }
}
