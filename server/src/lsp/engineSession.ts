// The server's one connection to the Docker engine: which engine (setting, env, context), whether it answers
// (followed through the engine's event stream, never polled), which image belongs to which Dockerfile, and a
// cache of layer reports that image events invalidate. Nothing here runs until the client says the workspace
// is trusted.
import * as path from 'node:path';
import type { DockerfileModel, Stage } from '../core/model/dockerfileModel';
import { openEngine, EngineConnection } from '../core/engine/connection';
import { classifyEngineError, EngineFailure } from '../core/engine/engineErrors';
import { ImageNotFoundError, type ImageHistory } from '../core/engine/history';
import { readLayerReport, LayerReport } from '../core/engine/layerReport';
import { watchImageEvents, ImageEventWatcher, ImageEvent } from '../core/engine/events';
import { imagesForDockerfile, imagesSharingBase, SharedBase } from '../core/engine/images';
import type { EngineStatusParams, ImageLinksParams } from '../protocol';

export type LayerLookup =
  | { kind: 'untrusted' }
  | { kind: 'unreachable'; failure: EngineFailure }
  | { kind: 'no-image' }
  | { kind: 'missing'; ref: string }
  | { kind: 'ok'; ref: string; report: LayerReport };

export interface EngineSessionEvents {
  /** Lenses must be asked for again (an image changed, the engine came or went, links changed). */
  onChanged(): void;
  onStatus(status: EngineStatusParams): void;
  onImageEvent?(event: ImageEvent): void;
  log(message: string): void;
}

/** Key of a stage image in the links: `<dockerfile path>#<stage name>` (built with --target). */
export const stageLinkKey = (dockerfilePath: string, stage: string) => `${dockerfilePath}#${stage}`;

export class EngineSession {
  private connection: EngineConnection | undefined;
  private watcher: ImageEventWatcher | undefined;
  private host: string | undefined;
  private trusted = false;
  private failure: EngineFailure | undefined;
  private links: ImageLinksParams = { links: {}, settings: {}, workspaceFolders: [] };
  /** Per Dockerfile (and stage): the report for one document version and image; replaced, not accumulated. */
  private readonly reports = new Map<string, { ref: string; version: number; report: Promise<LayerReport> }>();
  private readonly baseCache = new Map<string, ImageHistory | null>();
  private readonly sharedBases = new Map<string, Promise<SharedBase | undefined>>();
  private readonly labelled = new Map<string, Promise<string | undefined>>();

  constructor(private readonly events: EngineSessionEvents) {}

  get isTrusted(): boolean { return this.trusted; }
  get engine(): EngineConnection | undefined { return this.connection; }
  get reachable(): boolean { return this.watcher?.reachable === true; }

  configure(host: string, trusted: boolean): void {
    if (host === this.host && trusted === this.trusted) return;
    this.host = host;
    this.trusted = trusted;
    this.watcher?.dispose();
    this.watcher = undefined;
    this.connection = undefined;
    this.invalidate();
    if (!trusted) {
      this.events.onStatus({ reachable: false, endpoint: '', untrusted: true });
      this.events.onChanged();
      return;
    }
    const connection = (this.connection = openEngine({ hostSetting: host || undefined }));
    this.watcher = watchImageEvents({
      docker: connection.streaming,
      endpoint: connection.endpoint,
      onEvent: (event) => {
        this.invalidate();
        this.events.onImageEvent?.(event);
        this.events.onChanged();
      },
      onReachability: (reachable, failure) => {
        this.failure = reachable ? undefined : failure ?? classifyEngineError(new Error('not reachable'), connection.endpoint);
        this.invalidate();
        this.events.log(reachable ? `Docker engine connected: ${connection.description}` : `Docker engine not reachable: ${this.failure?.detail ?? ''}`);
        this.events.onStatus({ reachable, endpoint: connection.description, message: this.failure?.message });
        this.events.onChanged();
      },
    });
  }

  retryNow(): void {
    this.watcher?.retryNow();
  }

  setLinks(links: ImageLinksParams): void {
    this.links = links;
    this.labelled.clear();
    this.events.onChanged();
  }

  /** Forget what the engine told us; the next lens request asks again. */
  invalidate(): void {
    this.reports.clear();
    this.baseCache.clear();
    this.sharedBases.clear();
    this.labelled.clear();
  }

  /** The image for a Dockerfile (or one of its stages): a build or link, the `layerwise.images` setting, the build label. */
  async imageFor(dockerfilePath: string, stage?: string): Promise<string | undefined> {
    if (stage) return this.links.links[stageLinkKey(dockerfilePath, stage)];
    const linked = this.links.links[dockerfilePath];
    if (linked) return linked;
    for (const folder of this.links.workspaceFolders) {
      const fromSetting = this.links.settings[path.relative(folder, dockerfilePath).split(path.sep).join('/')];
      if (fromSetting) return fromSetting;
    }
    const connection = this.connection;
    if (!connection) return undefined;
    let found = this.labelled.get(dockerfilePath);
    if (!found) {
      found = imagesForDockerfile(connection.docker, dockerfilePath, connection.timeoutMs)
        .then((images) => (images[0] ? images[0].tags[0] ?? images[0].id : undefined))
        .catch(() => undefined);
      this.labelled.set(dockerfilePath, found);
    }
    return found;
  }

  async layers(dockerfilePath: string, model: DockerfileModel, version: number, stage?: Stage): Promise<LayerLookup> {
    const connection = this.connection;
    if (!this.trusted || !connection) return { kind: 'untrusted' };
    if (this.watcher?.reachable !== true) {
      return { kind: 'unreachable', failure: this.failure ?? classifyEngineError(new Error('connecting…'), connection.endpoint) };
    }
    const ref = await this.imageFor(dockerfilePath, stage?.name);
    if (!ref) return { kind: 'no-image' };
    const key = `${dockerfilePath}\0${stage?.index ?? 'final'}`;
    const cached = this.reports.get(key);
    let pending = cached && cached.ref === ref && cached.version === version ? cached.report : undefined;
    if (!pending) {
      pending = readLayerReport(connection.docker, model, ref, { stage, timeoutMs: connection.timeoutMs, baseCache: this.baseCache });
      this.reports.set(key, { ref, version, report: pending });
      pending.catch(() => this.reports.delete(key));
    }
    try {
      return { kind: 'ok', ref, report: await pending };
    } catch (error) {
      if (error instanceof ImageNotFoundError) return { kind: 'missing', ref };
      return { kind: 'unreachable', failure: classifyEngineError(error, connection.endpoint) };
    }
  }

  /** How many other local images share a base's layers; cached until the next image event. */
  sharedBase(ref: string): Promise<SharedBase | undefined> {
    const connection = this.connection;
    if (!connection) return Promise.resolve(undefined);
    let pending = this.sharedBases.get(ref);
    if (!pending) {
      pending = imagesSharingBase(connection.docker, ref, connection.timeoutMs).catch(() => undefined);
      this.sharedBases.set(ref, pending);
    }
    return pending;
  }

  dispose(): void {
    this.watcher?.dispose();
  }
}
