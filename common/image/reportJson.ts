// The report's JSON form, shared by the CLI and the editor's "Export JSON": the fields first, in its
// order (`line` null when no Dockerfile is linked), every other field after them. Through the report redaction.
import { redactReport } from './redact';
import type { ImageReport } from './types';

export function reportJson(unredacted: ImageReport): unknown {
  const report = redactReport(unredacted);
  const { image, sizeBytes, wastedBytes, efficiency, layers, wastedFiles, ...rest } = report;
  return {
    image,
    sizeBytes,
    wastedBytes,
    efficiency,
    layers: layers.map(({ index, sizeBytes: s, createdBy, line, wastedBytes: w, ...more }) => ({
      index,
      sizeBytes: s,
      createdBy,
      line: line ?? null,
      wastedBytes: w,
      ...more,
    })),
    wastedFiles: wastedFiles.map(({ path, bytes, addedInLayer, hiddenInLayer, ...more }) => ({
      path,
      bytes,
      addedInLayer,
      hiddenInLayer,
      ...more,
    })),
    ...rest,
  };
}
