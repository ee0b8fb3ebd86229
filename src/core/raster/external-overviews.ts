// External overviews: the `NAME.ovr` file GDAL writes beside `NAME` (`gdaladdo -ro`), a TIFF whose
// directories are the image's reduced-resolution levels. GDAL 3.6 looks for it only when the image
// has no internal overviews (GTiffRasterBand::GetOverviewCount falls back to GDALDefaultOverviews),
// and so do we. Core opens no files: the caller finds the `.ovr` and passes its bytes in.
import { arrayBufferSource, ChunkedReader, type ByteSource } from './byte-source.ts';
import type { ImageLayout } from './image-layout.ts';
import { maskFor, reducedLevels } from './overview-levels.ts';
import { asReadError, GeoTiffReadError } from './read-error.ts';
import { readTiffStructure } from './tiff-ifd.ts';

/** GDAL's name for the external overviews of `imageName`: the whole name plus `.ovr`. */
export function externalOverviewName(imageName: string): string {
  return `${imageName}.ovr`;
}

/** True for a name GDAL would read as some image's external overviews. */
export function isExternalOverviewName(name: string): boolean {
  return /\.ovr$/i.test(name);
}

export interface ImageWithOverviews<T> {
  readonly image: T;
  /** The `.ovr` file dropped or chosen with the image, or null. */
  readonly externalOverviews: T | null;
}

/**
 * Pairs each image among `files` with its `IMAGE.ovr` (any case of `.ovr`, as GDAL also tries
 * `.OVR`), for a picker or drop that brings both. `unpairedOverviews` are `.ovr` files whose image
 * is not among the files, so the caller can say so instead of trying to open them as images.
 */
export function pairExternalOverviews<T extends { readonly name: string }>(
  files: readonly T[],
): { images: ImageWithOverviews<T>[]; unpairedOverviews: T[] } {
  const overviews = files.filter((f) => isExternalOverviewName(f.name));
  const used = new Set<T>();
  const images = files
    .filter((f) => !isExternalOverviewName(f.name))
    .map((image) => {
      const match = overviews.find((o) => o.name.slice(0, -'.ovr'.length) === image.name) ?? null;
      if (match) used.add(match);
      return { image, externalOverviews: match };
    });
  return { images, unpairedOverviews: overviews.filter((o) => !used.has(o)) };
}

export interface ExternalLevel {
  readonly layout: ImageLayout;
  readonly mask: ImageLayout | null;
}

export interface ExternalOverviews {
  readonly reader: ChunkedReader;
  /** Largest first. */
  readonly levels: readonly ExternalLevel[];
}

/**
 * Reads the structure of an `.ovr` file for `image`. Fails with a GeoTiffReadError when the file is
 * not a TIFF or none of its directories fits the image (other band count or data type, larger).
 */
export async function readExternalOverviews(
  source: ArrayBuffer | ByteSource,
  image: ImageLayout,
  signal?: AbortSignal,
): Promise<ExternalOverviews> {
  const reader = new ChunkedReader(
    source instanceof ArrayBuffer ? arrayBufferSource(source) : source,
    signal,
  );
  try {
    const tiff = await readTiffStructure(reader);
    const { overviews, masks } = reducedLevels(tiff.directories, tiff.littleEndian, image, true);
    if (overviews.length === 0) {
      throw new GeoTiffReadError(
        `none of its ${tiff.directories.length} images is an overview of the ` +
          `${image.width} x ${image.height} x ${image.bandCount} ${image.dataType} image`,
      );
    }
    return {
      reader,
      levels: overviews.map((layout) => ({ layout, mask: maskFor(layout, masks) })),
    };
  } catch (error) {
    throw asReadError(error, 'the external overviews cannot be read');
  }
}
