import { useCallback, useRef, useState } from 'react';
import type { ImageSource, ImageSummary } from '../workers/imagery-api.ts';
import { imageryWorker } from './imagery-client.ts';
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
 * image that was shown before in place and reports what went wrong with which file.
 */
export function useImagery() {
  const [slots, setSlots] = useState<Record<Side, Slot>>({ before: emptySlot, after: emptySlot });
  const controllers = useRef<Partial<Record<Side, AbortController>>>({});

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
        if (controllers.current[side] !== controller) return null;
        update(side, () => ({ current: summary, loading: null, error: null }));
        return summary;
      } catch (error) {
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
