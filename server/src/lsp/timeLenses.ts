// Time and cache on the lenses: a layer lens gains the step's recorded wall time (`62 MB · 41.2 s`) or `cached`,
// with why it rebuilt in its tooltip; a step the next build will run again gets `will rebuild: <reason>`.
// Forecasts are kept per Dockerfile and refreshed from the file watcher's changes: the context is listed once
// and only reported files are hashed again (see buildRecord/contextHasher.ts).
import * as path from 'node:path';
import type { CodeLens, Command } from 'vscode-languageserver';
import type { DockerfileModel } from '../core/model/dockerfileModel';
import { ContextHasher } from '../core/buildRecord/contextHasher';
import { forecastDockerfile, NoRecordError } from '../core/buildRecord/forecastDockerfile';
import type { ForecastStep } from '../core/buildRecord/forecast';
import { latestRecord, readRecord, type BuildRecord } from '../core/buildRecord/recordStore';
import { recordedStep, timingOf, type StepTiming } from '../core/buildRecord/stepTiming';
import { historyTiming, readHistoryRecord, type HistoryRecord } from '../core/buildRecord/buildxHistory';
import * as l10n from '../core/l10n';

/** Line (1-based) and keyword → what the recorded build of `imageId` says about that step. */
export type TimingLookup = (imageId: string | undefined, line: number, keyword: string) => StepTiming;

export function formatSeconds(seconds: number): string {
  return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s` : `${seconds.toFixed(1)} s`;
}

/** The layer lens with the step's time or `cached` appended, and why it rebuilt as its tooltip. */
export function withTiming(lens: CodeLens, timing: StepTiming | undefined): CodeLens {
  if (!lens.command || !timing) return lens;
  // A step the engine's history lists without a time says so rather than showing nothing or 0.
  const unknown = timing.timeFrom ? l10n.t('time unknown') : undefined;
  const suffix = timing.cached ? l10n.t('cached') : timing.seconds !== undefined ? formatSeconds(timing.seconds) : unknown;
  if (suffix) lens.command.title = `${lens.command.title} · ${suffix}`;
  if (timing.timeFrom && !timing.rebuiltBecause)
    (lens.command as Command & { tooltip?: string }).tooltip = l10n.t("From the engine's build history (built outside Layerwise)");
  if (timing.rebuiltBecause) {
    // The tooltip (LSP 3.18) where the client shows one; the short reason on the lens itself everywhere.
    lens.command.title = `${lens.command.title} · ${l10n.t('rebuilt: {0}', timing.rebuiltBecause)}`;
    (lens.command as Command & { tooltip?: string }).tooltip = l10n.t('Rebuilt in the last build: {0}', timing.rebuiltBecause);
  }
  return lens;
}

/** `will rebuild: src/a.txt changed` above each step the next build will run again. */
export function forecastLenses(steps: readonly ForecastStep[] | undefined): CodeLens[] {
  return (steps ?? [])
    .filter((s) => s.rebuild)
    .map((s) => ({
      range: { start: { line: s.line - 1, character: 0 }, end: { line: s.line - 1, character: 0 } },
      command: { title: l10n.t('will rebuild: {0}', s.reason ?? ''), command: '' },
    }));
}

interface Entry {
  record?: BuildRecord;
  hasher?: ContextHasher;
  /** The last forecast, for this document version and no file change since. */
  last?: { version: number; steps: ForecastStep[] };
}

/** Records and forecasts of the open Dockerfiles, kept between lens requests. */
export class TimeAndCache {
  private readonly entries = new Map<string, Entry>();
  private readonly records = new Map<string, BuildRecord | null>();
  /** The engine's history record of an image Layerwise has no record of: null when there is none, a promise while read. */
  private readonly history = new Map<string, HistoryRecord | null | Promise<void>>();

  constructor(private readonly cacheEnv: NodeJS.ProcessEnv = process.env) {}

  /**
   * The timing lookup for one Dockerfile (absolute path). With `history`, an image Layerwise has no record of is
   * looked up in the engine's build history in the background; `onRead` is called when that answered
   * (`found`: it knew the image).
   */
  timingFor(
    dockerfile: string,
    history?: { model: DockerfileModel; env: NodeJS.ProcessEnv; onRead: (found: boolean) => void },
  ): TimingLookup {
    return (imageId, line, keyword) => {
      if (!imageId) return {};
      const key = `${dockerfile}\0${imageId}`;
      if (!this.records.has(key)) this.records.set(key, readRecord(dockerfile, imageId, this.cacheEnv) ?? null);
      const record = this.records.get(key);
      if (record || !history) return timingOf(recordedStep(record ?? undefined, line, keyword));
      const known = this.history.get(key);
      if (known === undefined)
        this.history.set(
          key,
          readHistoryRecord({ dockerfile, model: history.model, imageId, env: history.env }).then(
            (found) => {
              this.history.set(key, found ?? null);
              history.onRead(found !== undefined);
            },
            () => {
              this.history.set(key, null);
              history.onRead(false);
            },
          ),
        );
      return known && !(known instanceof Promise) ? historyTiming(known)(line, keyword) : {};
    };
  }

  /** A build of this Dockerfile was recorded: read records again. */
  recorded(dockerfile: string): void {
    this.entries.delete(dockerfile);
    for (const key of [...this.records.keys()]) if (key.startsWith(`${dockerfile}\0`)) this.records.delete(key);
    for (const key of [...this.history.keys()]) if (key.startsWith(`${dockerfile}\0`)) this.history.delete(key);
  }

  /** Images in the engine changed: forecasts are computed again (base ids), hashes are kept. */
  imagesChanged(): void {
    for (const entry of this.entries.values()) entry.last = undefined;
  }

  /** Files changed on disk (absolute paths). */
  changed(files: readonly string[]): void {
    for (const entry of this.entries.values()) {
      const root = entry.record?.context;
      if (!root || !entry.hasher) continue;
      const inside = files.filter((f) => f.startsWith(root + path.sep));
      if (inside.length === 0) continue;
      entry.hasher.changed(inside);
      entry.last = undefined;
    }
  }

  /** The forecast against the last recorded build; undefined when none was recorded. */
  async forecast(
    dockerfile: string,
    model: DockerfileModel,
    version: number,
    imageId: (ref: string) => Promise<string | undefined>,
  ): Promise<ForecastStep[] | undefined> {
    let entry = this.entries.get(dockerfile);
    if (!entry) {
      const record = latestRecord(dockerfile, this.cacheEnv);
      entry = record ? { record, hasher: new ContextHasher(record.context, { dockerfile, builder: record.builder }, true) } : {};
      this.entries.set(dockerfile, entry);
    }
    if (!entry.record) return undefined;
    if (entry.last?.version === version) return entry.last.steps;
    try {
      const result = await forecastDockerfile({ dockerfile, model, imageId, hasher: entry.hasher, record: entry.record });
      entry.last = { version, steps: result.steps };
      return result.steps;
    } catch (error) {
      if (error instanceof NoRecordError) return undefined;
      throw error;
    }
  }
}
