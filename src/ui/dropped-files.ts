// Files picked or dropped together become image sources: each image with the `NAME.ovr` beside
// it (GDAL's external overviews), in name order; an `.ovr` without its image is named, not opened.
import { pairExternalOverviews } from '../core/raster/external-overviews.ts';
import type { ImageSource } from '../workers/imagery-api.ts';

export function imageSourcesOf(files: readonly File[]): {
  sources: ImageSource[];
  /** What could not be used, for the user; null when every file was. */
  problem: string | null;
} {
  const { images, unpairedOverviews } = pairExternalOverviews(files);
  const sources = images
    .sort((a, b) => a.image.name.localeCompare(b.image.name))
    .map(({ image, externalOverviews }): ImageSource => ({
      kind: 'file',
      file: image,
      name: image.name,
      ...(externalOverviews ? { externalOverviews } : {}),
    }));
  const problem =
    unpairedOverviews.length === 0
      ? null
      : `${unpairedOverviews.map((f) => f.name).join(', ')}: overviews are used only with their ` +
        `image; choose or drop ${unpairedOverviews.length === 1 ? 'it' : 'them'} together with ` +
        `${unpairedOverviews.map((f) => f.name.slice(0, -'.ovr'.length)).join(', ')}.`;
  return { sources, problem };
}
