// How each open image is displayed (bands, colour ramp, stretch), by image id so that a swap keeps
// each image's display. A change is handed to the tile renderer first, then a new revision makes the
// map ask for the tiles again.
import { useCallback, useState } from 'react';
import { defaultComposite } from '../core/raster/display-bands.ts';
import { defaultDisplayStretch } from '../core/raster/stretch.ts';
import type { ImageSummary, TileDisplay } from '../workers/imagery-api.ts';
import { setTileDisplay } from './imagery-client.ts';

export interface ImageDisplay {
  readonly display: TileDisplay;
  /** 0 for the display the image opened with; grows with every change. */
  readonly revision: number;
}

export function openingDisplay(summary: ImageSummary): TileDisplay {
  return { composite: defaultComposite(summary.info.bands), stretch: defaultDisplayStretch };
}

export function useDisplays() {
  const [displays, setDisplays] = useState<Readonly<Record<string, ImageDisplay>>>({});

  const displayOf = useCallback(
    (summary: ImageSummary): ImageDisplay =>
      displays[summary.imageId] ?? { display: openingDisplay(summary), revision: 0 },
    [displays],
  );

  const setDisplay = useCallback((imageId: string, display: TileDisplay) => {
    setTileDisplay(imageId, display);
    setDisplays((current) => ({
      ...current,
      [imageId]: { display, revision: (current[imageId]?.revision ?? 0) + 1 },
    }));
  }, []);

  return { displayOf, setDisplay };
}
