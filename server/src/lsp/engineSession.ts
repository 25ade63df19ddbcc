// What the language server adds on top of the engine session (core/engine/engineSession.ts): workspace trust
// (no engine is contacted before it), which image belongs to which Dockerfile, and layer reports cached per
// document version until an image event or a reconnect says they may be stale.
import * as path from 'node:path';
import type { DockerfileModel, Stage } from '../core/model/dockerfileModel';
import { EngineSession as CoreEngineSession, EngineStatus } from '../core/engine/engineSession';
import { classifyEngineError, EngineFailure } from '../core/engine/engineErrors';
import { ImageNotFoundError } from '../core/engine/history';
import type { LayerReport } from '../core/engine/layerReport';
import type { ImageEvent } from '../core/engine/events';
import type { SharedBase } from '../core/engine/images';
import type { ImageReport, WastePair } from '../../../common/image/types';
import { invokedImage } from '../core/invocation/findInvocations';
import type { EngineStatusParams, ImageLinksParams } from '../../../common/protocol';
import * as l10n from '../core/l10n';
import { engineImage, InvalidImageReferenceError, parseImageReference } from '../core/engine/imageReference';

export type LayerLookup =
  | { kind: 'untrusted' }
  | { kind: 'virtual-workspace' }
  /** An untitled or virtual-file-system document: nothing to build or match. */
  | { kind: 'not-on-disk' }
  | { kind: 'unreachable'; failure: EngineFailure }
  | { kind: 'no-image' }
  | { kind: 'missing'; ref: string }
  /** The image setting or link is not an image reference: nothing is asked of the engine. */
  | { kind: 'invalid-ref'; ref: string; message: string }
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

export class WorkspaceEngine {
  private session: CoreEngineSession | undefined;
  private configError: EngineFailure | undefined;
  private host: string | undefined;
  private trusted = false;
  private virtualWorkspace = false;
  private links: ImageLinksParams = { links: {}, settings: {}, workspaceFolders: [] };
  /** Per Dockerfile (and stage): the report for one document version and image; replaced, not accumulated. */
  private readonly reports = new Map<string, { ref: string; version: number; report: Promise<LayerReport>; resolved?: LayerReport }>();
  /** Image analyses ("Analyze image"), by image id: they stay true for that id whatever the tags do. */
  private readonly analyses = new Map<string, ImageReport>();
  private readonly sharedBases = new Map<string, Promise<SharedBase | undefined>>();
  private readonly labelled = new Map<string, Promise<string | undefined>>();

  constructor(private readonly events: EngineSessionEvents) {}

  get isTrusted(): boolean {
    return this.trusted;
  }
  get isVirtualWorkspace(): boolean {
    return this.virtualWorkspace;
  }
  /** The engine session, only in a trusted workspace on disk. */
  get engine(): CoreEngineSession | undefined {
    return this.trusted && !this.virtualWorkspace ? this.session : undefined;
  }

  configure(host: string, trusted: boolean, virtualWorkspace = false): void {
    if (host === this.host && trusted === this.trusted && virtualWorkspace === this.virtualWorkspace) return;
    this.host = host;
    this.trusted = trusted;
    this.virtualWorkspace = virtualWorkspace;
    this.session?.dispose();
    this.session = undefined;
    this.configError = undefined;
    this.invalidate();
    if (virtualWorkspace) {
      this.events.onStatus({ reachable: false, endpoint: '', virtualWorkspace: true });
      this.events.onChanged();
      return;
    }
    if (!trusted) {
      this.events.onStatus({ reachable: false, endpoint: '', untrusted: true });
      this.events.onChanged();
      return;
    }
    try {
      this.session = new CoreEngineSession({
        hostSetting: host || undefined,
        onImageEvent: (event) => {
          this.invalidate();
          this.events.onImageEvent?.(event);
          this.events.onChanged();
        },
        onStatus: (status) => this.statusChanged(status),
      });
    } catch (error) {
      // An unusable configuration (bad URL, unknown context) is a status, not a crash.
      this.configError = {
        kind: 'other',
        message: l10n.t('Docker engine configuration: {0}', (error as Error).message),
        detail: String(error),
      };
      this.events.onStatus({ reachable: false, endpoint: host || 'default', message: this.configError.message });
      this.events.onChanged();
    }
  }

  private statusChanged(status: EngineStatus): void {
    this.invalidate();
    this.events.log(
      status.reachable ? `Docker engine connected: ${status.endpoint}` : `Docker engine not reachable: ${status.failure?.detail ?? ''}`,
    );
    this.events.onStatus({
      reachable: status.reachable,
      endpoint: status.endpoint,
      message: status.failure?.message,
      failureKind: status.failure?.kind,
    });
    this.events.onChanged();
  }

  retryNow(): void {
    this.session?.retry();
  }

  setLinks(links: ImageLinksParams): void {
    this.links = links;
    this.labelled.clear();
    this.events.onChanged();
  }

  /** Forget what the engine told us; the next lens request asks again. */
  invalidate(): void {
    this.reports.clear();
    this.sharedBases.clear();
    this.labelled.clear();
  }

  /** The image for a Dockerfile (or a stage): a build or link, the `layerwise.images` setting, the build label, a Compose/Bake build. */
  async imageFor(dockerfilePath: string, stage?: string): Promise<string | undefined> {
    if (stage) return this.links.links[stageLinkKey(dockerfilePath, stage)];
    const linked = this.links.links[dockerfilePath];
    if (linked) return linked;
    for (const folder of this.links.workspaceFolders) {
      const fromSetting = this.links.settings[path.relative(folder, dockerfilePath).split(path.sep).join('/')];
      if (fromSetting) return fromSetting;
    }
    const session = this.engine;
    if (!session) return undefined;
    let found = this.labelled.get(dockerfilePath);
    if (!found) {
      found = session
        .imagesForDockerfile(dockerfilePath)
        .then((images) => (images[0] ? (images[0].tags[0] ?? images[0].id) : undefined))
        .catch(() => undefined)
        // Not built by Layerwise: the image a Compose service or Bake target builds from this Dockerfile.
        .then((image) => image ?? invokedImage(dockerfilePath));
      this.labelled.set(dockerfilePath, found);
    }
    return found;
  }

  async layers(dockerfilePath: string, model: DockerfileModel, version: number, stage?: Stage): Promise<LayerLookup> {
    const session = this.engine;
    if (this.virtualWorkspace) return { kind: 'virtual-workspace' };
    if (!this.trusted) return { kind: 'untrusted' };
    if (!session)
      return {
        kind: 'unreachable',
        failure: this.configError ?? { kind: 'other', message: l10n.t('No Docker engine is configured.'), detail: '' },
      };
    if (!session.status.reachable) {
      return {
        kind: 'unreachable',
        failure: session.status.failure ?? classifyEngineError(new Error('connecting…'), session.connection.endpoint),
      };
    }
    const ref = await this.imageFor(dockerfilePath, stage?.name);
    if (!ref) return { kind: 'no-image' };
    try {
      parseImageReference(ref);
    } catch (error) {
      return { kind: 'invalid-ref', ref, message: (error as Error).message };
    }
    const key = `${dockerfilePath}\0${stage?.index ?? 'final'}`;
    const cached = this.reports.get(key);
    let pending = cached && cached.ref === ref && cached.version === version ? cached.report : undefined;
    if (!pending) {
      pending = session.layers(model, ref, stage);
      const entry: { ref: string; version: number; report: Promise<LayerReport>; resolved?: LayerReport } = {
        ref,
        version,
        report: pending,
      };
      this.reports.set(key, entry);
      pending.then(
        (report) => {
          entry.resolved = report;
        },
        () => this.reports.delete(key),
      );
    }
    try {
      return { kind: 'ok', ref, report: await pending };
    } catch (error) {
      if (error instanceof ImageNotFoundError) return { kind: 'missing', ref };
      if (error instanceof InvalidImageReferenceError) return { kind: 'invalid-ref', ref, message: error.message };
      return { kind: 'unreachable', failure: classifyEngineError(error, session.connection.endpoint) };
    }
  }

  /** Keeps an analysis of `ref` for the lenses ("hidden by line…") and the savings in fix titles. */
  async rememberAnalysis(ref: string, report: ImageReport): Promise<void> {
    const session = this.engine;
    if (!session) return;
    try {
      const { Id } = await engineImage(session.connection.docker, ref).inspect();
      this.analyses.set(Id, report);
      this.events.onChanged();
    } catch {
      // The image went away meanwhile: nothing to remember.
    }
  }

  /**
   * Wasted bytes by (writer line, hider line) for a Dockerfile at this document version, from an analysis of the
   * image it is linked to — only pairs whose both lines still match the image history (never a stale number).
   */
  wasteFor(dockerfilePath: string, version: number): WastePair[] | undefined {
    const entry = this.reports.get(`${dockerfilePath}\0final`);
    const layers = entry?.version === version ? entry.resolved : undefined;
    if (!layers) return undefined;
    const analysis = this.analyses.get(layers.image.id);
    if (!analysis || (analysis.dockerfile && analysis.dockerfile !== dockerfilePath)) return undefined;
    const matched = new Set(layers.layers.filter((l) => l.matched).map((l) => l.line));
    return analysis.wastePairs.filter(
      (p) => p.addedLine !== undefined && p.hiddenLine !== undefined && matched.has(p.addedLine) && matched.has(p.hiddenLine),
    );
  }

  /** The linked image's analysis, when one was made of the image the lenses show for this document version. */
  analysisFor(dockerfilePath: string, version: number): ImageReport | undefined {
    const entry = this.reports.get(`${dockerfilePath}\0final`);
    const layers = entry?.version === version ? entry.resolved : undefined;
    return layers ? this.analyses.get(layers.image.id) : undefined;
  }

  /** How many other local images share a base's layers; cached until the next image event. */
  sharedBase(ref: string): Promise<SharedBase | undefined> {
    const session = this.engine;
    if (!session) return Promise.resolve(undefined);
    let pending = this.sharedBases.get(ref);
    if (!pending) {
      pending = session.sharedBase(ref).catch(() => undefined);
      this.sharedBases.set(ref, pending);
    }
    return pending;
  }

  dispose(): void {
    this.session?.dispose();
  }
}
