// Wires the engine into the language server: layer-size and build-context lenses, image links, builds,
// the image list, and lens refreshes when the engine's events or the workspace's files say so.
import * as path from 'node:path';
import {
  ClientCapabilities,
  Connection,
  TextDocuments,
  CodeLens,
  CancellationToken,
  CodeLensRefreshRequest,
  LSPErrorCodes,
  ResponseError,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkspaceEngine } from './engineSession';
import type { AnalysisCache } from './analysisCache';
import { computeLenses } from './layerLenses';
import type { BudgetDiagnostics } from './budgetDiagnostics';
import { documentPath } from './settings';
import { dockerfileLabelValue } from '../core/engine/images';
import { classifyEngineError } from '../core/engine/engineErrors';
import { describeRecord } from '../core/buildRecord/recordBuild';
import { TimeAndCache } from './timeLenses';
import { isConfigurationFile, WatchedFiles } from './watchedFiles';
import * as l10n from '../core/l10n';
import { ContextSizeCache, copySourceCosts } from '../core/context/cost';
import { buildxEnvFor } from '../core/buildRecord/buildxHistory';
import {
  imageLinksNotification,
  engineSettingsNotification,
  engineStatusNotification,
  retryEngineNotification,
  listImagesRequest,
  buildImageRequest,
  buildProgressNotification,
  InitializationOptions,
} from '../../../common/protocol';

/** Context walks stop here and say "large" rather than freezing on a huge tree. */
const CONTEXT_BOUNDS = { maxFiles: 100_000, maxMs: 3_000 };

export function registerEngineFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  analyses: AnalysisCache,
  init: Partial<InitializationOptions>,
  /** Diagnostics of this document should be published again (measured savings became known or changed). */
  republishDiagnostics: (uri: string) => void,
  /** A .hadolint.yaml or .dockerignore changed: every open document must be analysed again. */
  configurationChanged: () => void,
  /** What the editor can watch for us (see watchedFiles.ts). */
  capabilities: ClientCapabilities = {},
  /** Size budgets of .layerwise.yaml, checked against the totals the lenses know. */
  budgets?: BudgetDiagnostics,
): WorkspaceEngine {
  const wasteSignatures = new Map<string, string>();
  let refreshTimer: NodeJS.Timeout | undefined;
  const refreshLenses = () => {
    clearTimeout(refreshTimer);
    // Coalesces bursts (a build emits several tag events) into one refresh.
    refreshTimer = setTimeout(() => void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined), 50);
  };
  const timeAndCache = new TimeAndCache();
  const session = new WorkspaceEngine({
    // Images changed (a base pulled, a build): forecasts compare base ids again.
    onChanged: () => {
      timeAndCache.imagesChanged();
      refreshLenses();
    },
    onStatus: (status) => void connection.sendNotification(engineStatusNotification, status),
    log: (message) => connection.console.info(message),
  });
  const contexts = new ContextSizeCache(CONTEXT_BOUNDS);
  const watched = new WatchedFiles(connection, capabilities);
  const watchOpenContexts = () => {
    const folders = documents
      .all()
      .map((d) => documentPath(d.uri))
      .filter((file) => file !== undefined);
    watched.watchContexts(folders.map((file) => path.dirname(file)));
  };
  connection.onInitialized(() => watched.start());
  documents.onDidOpen(watchOpenContexts);
  documents.onDidClose(watchOpenContexts);

  connection.onNotification(engineSettingsNotification, (p) => session.configure(p.host, p.trusted, p.virtualWorkspace));
  connection.onNotification(imageLinksNotification, (p) => session.setLinks(p));
  connection.onNotification(retryEngineNotification, () => session.retryNow());
  // Other editors send nothing: they run trusted by default unless they say otherwise.
  session.configure('', init.trusted ?? true, init.virtualWorkspace);

  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const { model } = analyses.get(document);
    const file = documentPath(document.uri);
    // Nothing on disk to build or match: say why there are no layer sizes instead of showing nothing.
    if (!file)
      return computeLenses({
        uri: document.uri,
        model,
        lookup: session.isVirtualWorkspace ? { kind: 'virtual-workspace' } : { kind: 'not-on-disk' },
        sharedBases: new Map(),
      });
    const [lookup, walk] = await Promise.all([
      session.layers(file, model, document.version),
      contexts.get(path.dirname(file), file).catch(() => undefined),
    ]);
    const sharedBases = new Map();
    if (lookup.kind === 'ok' && lookup.report.base?.local)
      sharedBases.set(lookup.report.base.ref, await session.sharedBase(lookup.report.base.ref));
    const stageLookups = new Map();
    for (const stage of model.stages.slice(0, -1)) {
      if (stage.name && (await session.imageFor(file, stage.name)))
        stageLookups.set(stage.index, await session.layers(file, model, document.version, stage));
    }
    const forecast = await timeAndCache
      .forecast(file, model, document.version, (ref) => session.engine?.imageId(ref) ?? Promise.resolve(undefined))
      .catch(() => undefined);
    if (budgets && lookup.kind === 'ok') {
      const analysis = session.analysisFor(file, document.version);
      const figures = { sizeBytes: lookup.report.image.sizeBytes, efficiency: analysis?.efficiency, wastedBytes: analysis?.wastedBytes };
      if (budgets.update(document.uri, document.version, { dockerfile: file, image: lookup.ref }, figures))
        republishDiagnostics(document.uri);
    }
    const waste = session.wasteFor(file, document.version);
    const signature = JSON.stringify(waste ?? []);
    if ((wasteSignatures.get(document.uri) ?? '[]') !== signature) {
      wasteSignatures.set(document.uri, signature);
      republishDiagnostics(document.uri);
    }
    return computeLenses({
      uri: document.uri,
      model,
      lookup,
      sharedBases,
      stageLookups,
      waste,
      context: walk ? { walk, costs: copySourceCosts(model, walk) } : undefined,
      timing: timeAndCache.timingFor(file, {
        model,
        env: buildxEnvFor(session.engine?.connection.endpoint),
        onRead: (found) => found && refreshLenses(),
      }),
      forecast,
    });
  });

  connection.onDidChangeWatchedFiles((params) => {
    // Configuration a rule reads changed: analyse open documents again.
    if (params.changes.some((c) => isConfigurationFile(c.uri))) configurationChanged();
    timeAndCache.changed(params.changes.map((c) => documentPath(c.uri)).filter((f): f is string => !!f));
    // A file changed somewhere: forget the walks of the context folders that contain it.
    for (const change of params.changes) {
      const changed = documentPath(change.uri);
      if (!changed) continue;
      for (const document of documents.all()) {
        const file = documentPath(document.uri);
        if (file && changed.startsWith(path.dirname(file) + path.sep)) contexts.invalidate(path.dirname(file));
      }
    }
    refreshLenses();
  });

  connection.onRequest(listImagesRequest, async () => {
    const engine = session.engine;
    if (!engine) return [];
    let images: Awaited<ReturnType<typeof engine.listImages>>;
    try {
      images = await engine.listImages();
    } catch (error) {
      // What the user can act on ("not reachable at …, start it"), not the request's internals.
      throw new ResponseError(LSPErrorCodes.RequestFailed, classifyEngineError(error, engine.connection.endpoint).message);
    }
    // The label holds a hash of the Dockerfile's path: name the open Dockerfile it belongs to, if any.
    const open = new Map(
      documents
        .all()
        .map((d) => documentPath(d.uri))
        .filter((f): f is string => !!f)
        .map((f) => [dockerfileLabelValue(f), f]),
    );
    return images.map((i) => ({
      id: i.id,
      tags: i.tags,
      sizeBytes: i.sizeBytes,
      created: Math.round(Date.parse(i.created) / 1000),
      dockerfile: i.dockerfile ?? (i.dockerfileId ? open.get(i.dockerfileId) : undefined),
    }));
  });

  connection.onRequest(buildImageRequest, async (params, token: CancellationToken) => {
    const engine = session.engine;
    const file = documentPath(params.uri);
    if (!engine) {
      const why = session.isVirtualWorkspace
        ? l10n.t('Builds need the Docker engine, which is not used in a virtual workspace: only linting is available.')
        : session.isTrusted
          ? l10n.t('No Docker engine is configured.')
          : l10n.t('Builds run only in trusted workspaces.');
      return { ok: false, tag: params.tag, message: why };
    }
    if (!file) return { ok: false, tag: params.tag, message: l10n.t('Only Dockerfiles on disk can be built.') };
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const result = await engine.build({
      dockerfile: file,
      context: params.contextPath,
      tag: params.tag,
      target: params.target,
      signal: abort.signal,
      onProgress: (p) =>
        void connection.sendNotification(buildProgressNotification, {
          buildId: params.buildId,
          step: p.step,
          totalSteps: p.totalSteps,
          message: p.text,
        }),
      onLog: (line) => connection.console.log(line),
    });
    if (result.record) for (const line of describeRecord(result.record)) connection.console.log(line);
    timeAndCache.recorded(path.resolve(file));
    session.invalidate();
    refreshLenses();
    return {
      ok: result.ok,
      tag: result.tag,
      imageId: result.imageId,
      failedLine: result.failedLine !== undefined ? result.failedLine - 1 : undefined,
      message: result.cancelled ? l10n.t('Build cancelled.') : result.message,
    };
  });

  return session;
}
