// The change-detection functions a Web Worker exposes (through rpc.ts's exposeApi): pure functions
// over transferable arrays. `prepare` runs the slow stages once and keeps their result under an id;
// `detect` re-thresholds that cached score raster, so a new threshold or minimum area is quick.
// Results move to the caller by transfer, never by copy.
import {
  extractChanges,
  prepareChanges,
  type ExtractOptions,
  type GeoImage,
  type PrepareOptions,
  type PreparedChanges,
  type Stage,
} from '../core/change/detect-changes.ts';
import { transfer, type CallContext } from './rpc.ts';

const prepared = new Map<string, PreparedChanges>();
let nextId = 1;

export interface PrepareArguments {
  readonly before: GeoImage;
  readonly after: GeoImage;
  readonly options?: PrepareOptions;
}

export interface PrepareSummary {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  readonly coregistration: PreparedChanges['coregistration'];
  readonly overlapFraction: number;
  readonly timingsMilliseconds: PreparedChanges['timingsMilliseconds'];
}

function prepare(
  { before, after, options }: PrepareArguments,
  context: CallContext,
): PrepareSummary {
  const result = prepareChanges(before, after, options, {
    signal: context.signal,
    onProgress: (stage: Stage, fraction: number) => context.progress(stage, fraction),
  });
  const id = `changes-${nextId++}`;
  prepared.set(id, result);
  return {
    id,
    width: result.width,
    height: result.height,
    coregistration: result.coregistration,
    overlapFraction: result.overlapFraction,
    timingsMilliseconds: result.timingsMilliseconds,
  };
}

function cached(id: string): PreparedChanges {
  const entry = prepared.get(id);
  if (!entry) throw new Error(`No prepared change detection with id ${id}: run prepare first.`);
  return entry;
}

function detect(
  { id, options }: { readonly id: string; readonly options?: ExtractOptions },
  context: CallContext,
) {
  const result = extractChanges(cached(id), options, {
    signal: context.signal,
    onProgress: (stage: Stage, fraction: number) => context.progress(stage, fraction),
  });
  return transfer(result, [result.mask.buffer]);
}

/** A copy of the score raster (for the heatmap); the cache keeps its own. */
function score({ id }: { readonly id: string }) {
  const copy = cached(id).score.slice();
  return transfer(copy, [copy.buffer]);
}

function release({ id }: { readonly id: string }): boolean {
  return prepared.delete(id);
}

export const changeWorkerApi = { prepare, detect, score, release };
export type ChangeWorkerApi = typeof changeWorkerApi;
