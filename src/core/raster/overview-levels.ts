// Which directories of a TIFF are overviews and masks of its full-resolution image, with the rules
// of GDAL 3.6's GTiff driver (GTiffDataset::ScanDirectories): NewSubfileType bit 1 marks a
// reduced-resolution image, bit 4 a transparency mask (TIFF 6.0 section 8); an overview is used
// only when its bands and data type are those of the image and it is no larger.
import { readLayout, type ImageLayout } from './image-layout.ts';
import type { TiffDirectory } from './tiff-ifd.ts';
import { Tag, tagNumber } from './tiff-tags.ts';

const REDUCED_RESOLUTION = 1;
const MASK = 4;

export interface ReducedLevels {
  /** Overviews, largest first. */
  readonly overviews: readonly ImageLayout[];
  readonly masks: readonly ImageLayout[];
}

export function overviewFits(image: ImageLayout, overview: ImageLayout): boolean {
  return (
    overview.bandCount === image.bandCount &&
    overview.dataType === image.dataType &&
    overview.width <= image.width &&
    overview.height <= image.height
  );
}

/**
 * The overviews and masks among `directories`. In an external `.ovr` file GDAL opens the first
 * directory as the overview dataset's own image, whatever its NewSubfileType says, so that one is
 * an overview too (`firstIsOverview`).
 */
export function reducedLevels(
  directories: readonly TiffDirectory[],
  littleEndian: boolean,
  image: ImageLayout,
  firstIsOverview = false,
): ReducedLevels {
  const overviews: ImageLayout[] = [];
  const masks: ImageLayout[] = [];
  directories.forEach((directory, index) => {
    const subfileType = tagNumber(directory, Tag.NewSubfileType) ?? 0;
    if (subfileType & MASK) {
      try {
        masks.push(readLayout(directory, littleEndian, 'mask'));
      } catch {
        // An unreadable mask is ignored, as GDAL does; the pixels still read.
      }
      return;
    }
    if (!(subfileType & REDUCED_RESOLUTION) && !(firstIsOverview && index === 0)) return;
    try {
      const overview = readLayout(directory, littleEndian, 'overview');
      if (overviewFits(image, overview)) overviews.push(overview);
    } catch {
      // GDAL skips an overview it cannot use; the full-resolution image still reads.
    }
  });
  overviews.sort((a, b) => b.width - a.width);
  return { overviews, masks };
}

/** The mask of the same size as `level`: GDAL pairs masks with levels that way. */
export function maskFor(level: ImageLayout, masks: readonly ImageLayout[]): ImageLayout | null {
  return masks.find((m) => m.width === level.width && m.height === level.height) ?? null;
}
