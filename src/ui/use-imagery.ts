import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageSource, ImageSummary } from '../workers/imagery-api.ts';
import { closeImage, imageryWorker, recordImageBytes } from './imagery-client.ts';
import { sizeBudgetSamples } from './size-budget.ts';

export type Side = 'before' | 'after';

export interface LoadingState {
  readonly name: string;
  readonly stage: string;
  readonly fraction: number;
  readonly bytesRead: number | null;
  readonly byteLength: number | null;
}

/** What one side shows: the image on the map, a load under way, and the last failure. */
export interface Slot {
  readonly current: ImageSummary | null;
  readonly loading: LoadingState | null;
  readonly error: { readonly name: string; readonly message: string } | null;
}

const emptySlot: Slot = { current: null, loading: null, error: null };
let nextImageId = 1;

function describeError(error: unknown): string {
  if (error instanceof Error) {
    const reason = (error as Error & { details?: { reason?: unknown } }).details?.reason;
    return typeof reason === 'string' && reason ? reason : error.message;
  }
  return String(error);
}

/**
 * Opens images in the worker for the before/after slots. A failed or cancelled open leaves the
 * image that was shown before in place and reports what went wrong with which file. The worker
 * holds only the images the slots show: one replaced (and not shown by the other slot), or one
 * that failed or was overtaken while opening, is closed there.
 */
export function useImagery() {
  const [slots, setSlots] = useState<Record<Side, Slot>>({ before: emptySlot, after: emptySlot });
  const controllers = useRef<Partial<Record<Side, AbortController>>>({});
  const shownImageIds = useRef(new Set<string>());

  // After the render that took an image off the map (this effect runs after the map's own), so
  // the map has let go of its tiles first.
  useEffect(() => {
    const shown = new Set(
      [slots.before.current, slots.after.current].flatMap((summary) =>
        summary ? [summary.imageId] : [],
      ),
    );
    for (const imageId of shownImageIds.current) if (!shown.has(imageId)) closeImage(imageId);
    shownImageIds.current = shown;
  }, [slots]);

  const update = useCallback((side: Side, change: (slot: Slot) => Slot) => {
    setSlots((current) => ({ ...current, [side]: change(current[side]) }));
  }, []);

  const open = useCallback(
    async (side: Side, source: ImageSource): Promise<ImageSummary | null> => {
      controllers.current[side]?.abort(new Error('Replaced by another file'));
      const controller = new AbortController();
      controllers.current[side] = controller;
      const imageId = `${side}-${nextImageId++}`;
      const loading: LoadingState = {
        name: source.name,
        stage: 'starting',
        fraction: 0,
        bytesRead: null,
        byteLength: null,
      };
      update(side, (slot) => ({ ...slot, loading, error: null }));
      try {
        const summary = await imageryWorker().call(
          'openImage',
          { imageId, source, maxPixels: sizeBudgetSamples() },
          {
            signal: controller.signal,
            onProgress: (stage, fraction, detail) =>
              update(side, (slot) =>
                slot.loading && controllers.current[side] === controller
                  ? {
                      ...slot,
                      loading: {
                        ...slot.loading,
                        stage,
                        fraction,
                        bytesRead:
                          Number(detail?.bytesRead ?? slot.loading.bytesRead ?? NaN) || null,
                        byteLength:
                          Number(detail?.byteLength ?? slot.loading.byteLength ?? NaN) || null,
                      },
                    }
                  : slot,
              ),
          },
        );
        if (controllers.current[side] !== controller) {
          closeImage(imageId);
          return null;
        }
        update(side, () => ({ current: summary, loading: null, error: null }));
        if (summary.url !== null) {
          // The bytes fetched to open it; tiles report more as the user pans and zooms.
          void imageryWorker()
            .call('bytesRead', { imageId })
            .then(
              (bytes) => recordImageBytes(imageId, bytes),
              () => {},
            );
        }
        return summary;
      } catch (error) {
        // The worker may have finished opening it just as the open was cancelled.
        closeImage(imageId);
        if (controllers.current[side] !== controller) return null;
        const cancelled = controller.signal.aborted;
        update(side, (slot) => ({
          ...slot,
          loading: null,
          error: cancelled ? null : { name: source.name, message: describeError(error) },
        }));
        return null;
      } finally {
        if (controllers.current[side] === controller) delete controllers.current[side];
      }
    },
    [update],
  );

  const cancel = useCallback((side: Side) => {
    controllers.current[side]?.abort(new Error('Cancelled by the user'));
  }, []);

  const swap = useCallback(() => {
    setSlots((current) => ({ before: current.after, after: current.before }));
  }, []);

  const dismissError = useCallback(
    (side: Side) => update(side, (slot) => ({ ...slot, error: null })),
    [update],
  );

  return { slots, open, cancel, swap, dismissError };
}
