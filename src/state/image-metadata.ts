// The metadata the user sees and edits for an image (acquisition date, source, credit line): what
// the project keeps for it, else what the file itself says.
import type { GeoTiffInfo } from '../core/raster/open-geotiff.ts';
import type { ImageReference, ImageRole, Project } from '../core/schema/project.ts';

export type ImageMetadata = ImageReference['metadata'];

/** The project's reference for the image shown in a role, if it is that same file. */
export function referenceOf(
  project: Project,
  role: ImageRole,
  image: { readonly name: string } | null,
): ImageReference | null {
  if (!image) return null;
  return project.images.find((i) => i.role === role && i.name === image.name) ?? null;
}

/** GDAL metadata items that name where an image comes from, most specific first. */
const sourceItems = ['SENSOR', 'SATELLITE', 'PLATFORM', 'SPACECRAFT_ID', 'SOURCE'];
const creditItems = ['CREDIT', 'COPYRIGHT', 'TIFFTAG_COPYRIGHT'];

type FileFacts = Pick<GeoTiffInfo, 'acquisitionDate' | 'metadata'>;

/** What the file says: its acquisition date (day only) and the metadata items naming its origin. */
export function fileMetadata(info: FileFacts): ImageMetadata {
  const first = (keys: readonly string[]) =>
    keys.map((key) => info.metadata[key]?.trim()).find((value) => value) ?? '';
  return {
    date: info.acquisitionDate?.slice(0, 10) ?? null,
    source: first(sourceItems),
    credit: first(creditItems),
  };
}

/** What is shown: each field the user set, else the file's own (an emptied field goes back). */
export function effectiveMetadata(
  info: FileFacts,
  reference: ImageReference | null,
): ImageMetadata {
  const file = fileMetadata(info);
  const edited = reference?.metadata;
  return {
    date: edited?.date ?? file.date,
    source: edited?.source || file.source,
    credit: edited?.credit || file.credit,
  };
}

const sameFile = (a: ImageReference, b: ImageReference) =>
  (a.url !== null && a.url === b.url) || (a.sha256 !== null && a.sha256 === b.sha256);

/**
 * The reference to record for a file just opened in `opened.role`, or null when the project
 * already has it there. A file the project knew, in either role, keeps the date, source and credit
 * entered for it.
 */
export function referenceToRecord(project: Project, opened: ImageReference): ImageReference | null {
  const current = project.images.find((image) => image.role === opened.role);
  if (current && sameFile(current, opened) && current.name === opened.name) return null;
  const known = project.images.find((image) => sameFile(image, opened));
  return { ...opened, metadata: known?.metadata ?? opened.metadata };
}
