// The engine as the language server holds it: one connection, its reachability (for the status bar and the
// line-1 lens), the image event subscription, and cached reads. Everything engine-related the server needs
// goes through here; it owns no timer but the event stream's reconnect back-off.
import type { DockerfileModel, Stage } from '../model/dockerfileModel';
import { openEngine, type EngineConnection, type ResolveOptions } from './connection';
import { classifyEngineError, type EngineFailure } from './engineErrors';
import { watchImageEvents, type ImageEvent, type ImageEventWatcher } from './events';
import type { ImageHistory } from './history';
import { imagesForDockerfile, imagesSharingBase, listLocalImages, type LocalImage, type SharedBase } from './images';
import { readLayerReport, type LayerReport } from './layerReport';
import type { BuildRequest, CliBuildOptions } from './build';
import { buildAndRecord, engineImageId, type RecordedBuild } from '../buildRecord/recordBuild';

export interface EngineStatus {
  reachable: boolean;
  /** "unix:///var/run/docker.sock (default)", "context remote (tcp://…)". */
  endpoint: string;
  failure?: EngineFailure;
}

export interface EngineSessionOptions extends ResolveOptions {
  timeoutMs?: number;
  onStatus?(status: EngineStatus): void;
  onImageEvent?(event: ImageEvent): void;
  /** Builds: the docker CLI to use (default: found on PATH) or `preferApi`. */
  build?: Partial<CliBuildOptions> & { preferApi?: boolean };
}

export class EngineSession {
  readonly connection: EngineConnection;
  private watcher: ImageEventWatcher | undefined;
  private readonly baseCache = new Map<string, ImageHistory | null>();
  /** Histories of the images the lenses show, until an image event or a reconnect says they may have changed. */
  private readonly imageCache = new Map<string, ImageHistory>();
  private current: EngineStatus;

  /** Throws when the configuration itself is unusable (bad URL, unknown context): show that as the status. */
  constructor(private readonly options: EngineSessionOptions = {}) {
    this.connection = openEngine(options);
    this.current = { reachable: false, endpoint: this.connection.description };
    this.watcher = watchImageEvents({
      docker: this.connection.streaming,
      endpoint: this.connection.endpoint,
      onEvent: (event) => {
        // A base may have been re-pulled or retagged, an image rebuilt: histories are read again.
        this.baseCache.clear();
        this.imageCache.clear();
        options.onImageEvent?.(event);
      },
      onReachability: (reachable, failure) => {
        if (reachable) {
          this.baseCache.clear();
          this.imageCache.clear();
        }
        this.current = { reachable, endpoint: this.connection.description, failure };
        options.onStatus?.(this.current);
      },
    });
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** Try now instead of waiting for the back-off (the "Retry" lens). */
  retry(): void {
    this.watcher?.retryNow();
  }

  /** Runs an engine call; a connection failure updates the status (the event stream will notice the recovery). */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    try {
      const result = await work();
      if (!this.current.reachable && this.watcher?.reachable) {
        // A call failed earlier while the event stream stayed up: calls work again, say so.
        this.current = { reachable: true, endpoint: this.connection.description };
        this.options.onStatus?.(this.current);
      }
      return result;
    } catch (error) {
      const failure = classifyEngineError(error, this.connection.endpoint);
      if (failure.kind !== 'not-found' && failure.kind !== 'other' && this.current.reachable) {
        this.current = { reachable: false, endpoint: this.connection.description, failure };
        this.options.onStatus?.(this.current);
        this.watcher?.retryNow();
      }
      throw error;
    }
  }

  /** Layer rows for a Dockerfile and its image; throws ImageNotFoundError when the image is gone. */
  layers(model: DockerfileModel, imageRef: string, stage?: Stage): Promise<LayerReport> {
    return this.call(() =>
      readLayerReport(this.connection.docker, model, imageRef, {
        stage,
        timeoutMs: this.connection.timeoutMs,
        baseCache: this.baseCache,
        imageCache: this.imageCache,
      }),
    );
  }

  listImages(): Promise<LocalImage[]> {
    return this.call(() => listLocalImages(this.connection.docker, this.connection.timeoutMs));
  }

  imagesForDockerfile(dockerfilePath: string): Promise<LocalImage[]> {
    return this.call(() => imagesForDockerfile(this.connection.docker, dockerfilePath, this.connection.timeoutMs));
  }

  sharedBase(baseRef: string): Promise<SharedBase> {
    return this.call(() => imagesSharingBase(this.connection.docker, baseRef, { timeoutMs: this.connection.timeoutMs }));
  }

  /** The id the engine has for an image reference (undefined when it has none or does not answer). */
  imageId(ref: string): Promise<string | undefined> {
    return engineImageId(this.connection.docker)(ref);
  }

  /** Builds and records each step's time and cache use (buildRecord/), as `layerwise build` does. */
  build(request: BuildRequest): Promise<RecordedBuild> {
    return buildAndRecord(request, this.connection.streaming, { endpoint: this.connection.endpoint, ...this.options.build });
  }

  dispose(): void {
    this.watcher?.dispose();
    this.watcher = undefined;
  }
}
