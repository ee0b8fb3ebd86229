// A small typed handle on `window` for the end-to-end tests (tldraw's e2e fixtures do the same):
// they ask the app where a lon/lat point is on screen and when the map has settled, instead of
// guessing from pixels.
import type { CompareMap } from '../map/compare-map.ts';
import type { DemoSite } from './demo-site.ts';
import type { SiteChanges } from './change-client.ts';
import { imageryWorker } from './imagery-client.ts';
import type { Side, Slot } from './use-imagery.ts';

export interface SitediffTestApi {
  /** 'ready' once an image is shown; 'loading' or 'error' describe the latest attempt. */
  imageStatus(side: Side): 'empty' | 'loading' | 'ready' | 'error';
  imageName(side: Side): string | null;
  project(lonLat: [number, number]): { x: number; y: number };
  whenIdle(): Promise<void>;
  siteName(): string | null;
  /** The change regions shown for the current pair, or null before a run. */
  changes(): SiteChanges | null;
  /** The image ids each slot shows, and those the imagery worker holds open. */
  shownImageIds(): string[];
  workerImageIds(): Promise<string[]>;
}

declare global {
  interface Window {
    sitediffTest?: SitediffTestApi;
  }
}

export function installTestApi(state: {
  map: CompareMap;
  slots: Record<Side, Slot>;
  site: DemoSite | null;
  changes: SiteChanges | null;
}): void {
  window.sitediffTest = {
    imageStatus: (side) => {
      const slot = state.slots[side];
      if (slot.loading) return 'loading';
      if (slot.error) return 'error';
      return slot.current ? 'ready' : 'empty';
    },
    imageName: (side) => state.slots[side].current?.name ?? null,
    project: (lonLat) => state.map.project(lonLat),
    whenIdle: () => state.map.whenIdle(),
    siteName: () => state.site?.site.name ?? null,
    changes: () => state.changes,
    shownImageIds: () =>
      [state.slots.before.current, state.slots.after.current].flatMap((summary) =>
        summary ? [summary.imageId] : [],
      ),
    workerImageIds: () => imageryWorker().call('openImageIds', undefined),
  };
}
