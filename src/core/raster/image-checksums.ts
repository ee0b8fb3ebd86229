// GDAL's checksums of every band of one level, read in windows of whole rows with all bands at
// once: each block is decoded once (a band-by-band read decodes a pixel-interleaved block once per
// band), and no read exceeds the window budget however large the image.
import { continueChecksum, emptyChecksum } from './checksum.ts';
import type { GeoTiffImage } from './open-geotiff.ts';

/** Samples one window may hold by default: 2^26, 64 MiB of bytes or 256 MiB of Float32. */
const WINDOW_SAMPLES = 2 ** 26;

/** Checksum of each band at full resolution (`overview` -1) or of the given overview. */
export async function imageChecksums(
  image: GeoTiffImage,
  overview = -1,
  options: { readonly signal?: AbortSignal; readonly windowSamples?: number } = {},
): Promise<number[]> {
  const { signal, windowSamples = WINDOW_SAMPLES } = options;
  const { info } = image;
  const [width, height] = overview < 0 ? [info.width, info.height] : info.overviews[overview];
  // Whole blocks per window where the blocks are strips or tiles of the full-resolution layout.
  const blockHeight = overview < 0 ? info.tileSize[1] : 1;
  const fitRows = Math.floor(windowSamples / (width * info.bandCount));
  const rows = Math.max(1, fitRows >= blockHeight ? fitRows - (fitRows % blockHeight) : fitRows);
  let states = info.bands.map(() => emptyChecksum);
  for (let row0 = 0; row0 < height; row0 += rows) {
    const row1 = Math.min(height, row0 + rows);
    const raster = await image.readRaster({ overview, window: [0, row0, width, row1], signal });
    states = states.map((state, band) =>
      continueChecksum(state, raster.bands[band], raster.dataType),
    );
  }
  return states.map((state) => state.sum);
}
