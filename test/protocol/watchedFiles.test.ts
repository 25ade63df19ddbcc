// The server asks the editor to watch only what it uses (server/src/lsp/watchedFiles.ts): the configuration files
// rules read, and the folder (build context) of each open Dockerfile on disk while one is open there. The
// registrations are LSP dynamic registrations, so the editor disposes of the watchers with the connection.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  DidChangeWatchedFilesRegistrationOptions,
  DidCloseTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  Registration,
  RegistrationRequest,
  UnregistrationRequest,
} from 'vscode-languageserver-protocol/node';
import { LspTestClient } from './lspClient';

const TEXT = 'FROM layerwise-test/busybox:1\nCOPY . /app/\n';

/** Records the server's registrations and lets a test wait for the next one. */
class Registrations {
  readonly registered: Registration[] = [];
  readonly unregistered: string[] = [];
  private waiting: (() => void)[] = [];

  constructor(client: LspTestClient) {
    client.connection.onRequest(RegistrationRequest.type, (params) => {
      this.registered.push(...params.registrations);
      this.wake();
    });
    client.connection.onRequest(UnregistrationRequest.type, (params) => {
      this.unregistered.push(...params.unregisterations.map((u) => u.id));
      this.wake();
    });
  }

  /** Resolves once `done()` holds, checked after each registration or unregistration. */
  async until(done: () => boolean): Promise<void> {
    while (!done()) await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  watchers(registration: Registration) {
    assert.equal(registration.method, 'workspace/didChangeWatchedFiles');
    return (registration.registerOptions as DidChangeWatchedFilesRegistrationOptions).watchers.map((w) => w.globPattern);
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}

describe('watched files', function () {
  let client: LspTestClient;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'layerwise-watch-'));
    client = new LspTestClient();
  });
  afterEach(() => {
    client.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  async function initialize(capabilities: object): Promise<void> {
    await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities,
      initializationOptions: { editorFeatures: false, trusted: false },
      workspaceFolders: null,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
  }

  function dockerfile(folder: string, name = 'Dockerfile'): string {
    mkdirSync(join(dir, folder), { recursive: true });
    return pathToFileURL(join(dir, folder, name)).toString();
  }

  it("watches the configuration files, and each open Dockerfile's folder while one is open there", async () => {
    const registrations = new Registrations(client);
    await initialize({ workspace: { didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } } });
    await registrations.until(() => registrations.registered.length === 1);
    assert.deepEqual(registrations.watchers(registrations.registered[0]), ['**/.hadolint.yaml', '**/.hadolint.yml', '**/*.dockerignore']);

    const api = dockerfile('api');
    const apiDev = dockerfile('api', 'Dockerfile.dev');
    const web = dockerfile('web');
    await client.open(api, TEXT);
    await registrations.until(() => registrations.registered.length === 2);
    const apiWatch = registrations.registered[1];
    assert.deepEqual(registrations.watchers(apiWatch), [{ baseUri: pathToFileURL(join(dir, 'api')).toString(), pattern: '**/*' }]);

    // A second Dockerfile in the same folder adds nothing; closing one of the two keeps the folder watched.
    await client.open(apiDev, TEXT);
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: api } });
    await client.open(web, TEXT);
    await registrations.until(() => registrations.registered.length === 3);
    assert.deepEqual(registrations.watchers(registrations.registered[2]), [
      { baseUri: pathToFileURL(join(dir, 'web')).toString(), pattern: '**/*' },
    ]);
    assert.deepEqual(registrations.unregistered, []);

    // The last Dockerfile of the folder closes: its watcher goes.
    await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: apiDev } });
    await registrations.until(() => registrations.unregistered.length === 1);
    assert.deepEqual(registrations.unregistered, [apiWatch.id]);
    assert.equal(registrations.registered.length, 3);
  });

  it('asks nothing of an editor that cannot register watchers', async () => {
    const registrations = new Registrations(client);
    await initialize({});
    // Messages arrive in order: a registration made at start would precede these diagnostics.
    await client.open(dockerfile('api'), TEXT);
    assert.deepEqual(registrations.registered, []);
  });
});
