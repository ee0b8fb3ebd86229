// Change detection from the app: the imagery worker reads the two images, the change worker runs
// the pipeline. The slow stages are cached in the change worker per image pair and alignment
// option, so a new threshold or minimum area only re-runs the quick ones. Cancelling stops the
// change worker (its stages are synchronous) and starts a fresh one.
import type { ExtractOptions, PrepareOptions } from '../core/change/detect-changes.ts';
import type { ChangeWorkerApi, PrepareSummary } from '../workers/change-worker-api.ts';
import { connectApi, type Endpoint, type Remote } from '../workers/rpc.ts';
import { imageryWorker } from './imagery-client.ts';

let worker: Worker | null = null;
let remote: Remote<ChangeWorkerApi> | null = null;
let prepared: { key: string; summary: PrepareSummary } | null = null;

function changeWorker(): Remote<ChangeWorkerApi> {
  if (remote) return remote;
  worker = new Worker(new URL('../workers/change.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sitediff-changes',
  });
  remote = connectApi<ChangeWorkerApi>(worker as unknown as Endpoint);
  return remote;
}

function restartChangeWorker() {
  worker?.terminate();
  worker = null;
  remote = null;
  prepared = null;
}

export interface SiteChangesRequest {
  readonly beforeId: string;
  readonly afterId: string;
  readonly prepare?: PrepareOptions;
  readonly extract?: ExtractOptions;
}

export async function detectSiteChanges(
  request: SiteChangesRequest,
  options: { signal: AbortSignal; onProgress: (stage: string, fraction: number) => void },
) {
  const { signal, onProgress } = options;
  const onAbort = () => restartChangeWorker();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const key = JSON.stringify([request.beforeId, request.afterId, request.prepare ?? {}]);
    if (prepared?.key !== key) {
      if (prepared) void changeWorker().call('release', { id: prepared.summary.id });
      prepared = null;
      // The change worker loads its code while the imagery worker reads the images.
      changeWorker();
      const images = await imageryWorker().call(
        'readAnalysisImages',
        { beforeId: request.beforeId, afterId: request.afterId },
        { signal, onProgress },
      );
      const buffers = new Set<ArrayBuffer>();
      for (const band of [...images.before.bands, ...images.after.bands]) {
        buffers.add(band.buffer as ArrayBuffer);
      }
      const summary = await changeWorker().call(
        'prepare',
        { before: images.before, after: images.after, options: request.prepare },
        { signal, onProgress, transfer: [...buffers] },
      );
      prepared = { key, summary };
    }
    const summary = prepared.summary;
    const result = await changeWorker().call(
      'detect',
      { id: summary.id, options: request.extract },
      { signal, onProgress },
    );
    // Where the run ends for the main thread: what follows is showing its result.
    performance.mark('sitediff:changes-received');
    return {
      coregistration: summary.coregistration,
      overlapFraction: summary.overlapFraction,
      analysisSize: [summary.width, summary.height] as const,
      threshold: result.threshold,
      structure: result.structure,
      vegetation: result.vegetation,
      relitRegions: result.relitRegions,
      changedFraction: result.changedFractionAfterCleanUp,
      regions: result.regions,
      timingsMilliseconds: { ...summary.timingsMilliseconds, ...result.timingsMilliseconds },
    };
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export type SiteChanges = Awaited<ReturnType<typeof detectSiteChanges>>;
