import { useCallback, useRef, useState } from 'react';
import { detectedChangeFromRegion } from '../state/footprint-actions.ts';
import type { SiteChanges } from './change-client.ts';
import type { DetectionRequest } from './ChangesPanel.tsx';
import { detectSiteChanges } from './change-client.ts';
import { projectStore } from './project-store.ts';

/** Runs change detection in the worker and keeps its result; the regions go to the project. */
export function useChangeDetection() {
  const [running, setRunning] = useState<{ stage: string; fraction: number } | null>(null);
  const [result, setResult] = useState<SiteChanges | null>(null);
  const [resultPair, setResultPair] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  const detect = useCallback(
    async (beforeId: string, afterId: string, request: DetectionRequest) => {
      controller.current?.abort(new Error('Replaced by a new run'));
      const current = new AbortController();
      controller.current = current;
      setRunning({ stage: 'starting', fraction: 0 });
      setError(null);
      try {
        const changes = await detectSiteChanges(
          {
            beforeId,
            afterId,
            prepare: {
              align: request.align,
              ...(request.manualShiftPixels
                ? { manualShiftPixels: request.manualShiftPixels }
                : {}),
            },
            extract: {
              threshold: request.threshold,
              minAreaSquareMetres: request.minAreaSquareMetres,
              structureThreshold: request.structureThreshold ?? Infinity,
              excludeVegetation: request.excludeVegetation,
            },
          },
          {
            signal: current.signal,
            onProgress: (stage, fraction) => setRunning({ stage, fraction }),
          },
        );
        if (controller.current !== current) return;
        setResult(changes);
        setResultPair(`${beforeId}|${afterId}`);
        // The detector's output is not an edit of the user's: no undo entry.
        projectStore.dispatch(
          { type: 'setChanges', changes: changes.regions.features.map(detectedChangeFromRegion) },
          { record: false },
        );
      } catch (caught) {
        if (controller.current === current && !current.signal.aborted) {
          setError(caught instanceof Error ? caught.message : String(caught));
        }
      } finally {
        if (controller.current === current) {
          controller.current = null;
          setRunning(null);
        }
      }
    },
    [],
  );

  const cancel = useCallback(() => controller.current?.abort(new Error('Cancelled')), []);
  return { running, result, resultPair, error, detect, cancel };
}
