// The metadata the user sees and edits for an image (date, source, credit): what the project
// recorded for it, else what the file says. Edits are kept in the project's image reference.
import type { ImageReference, ImageRole, Project } from '../core/schema/project.ts';
import { localImageReference } from '../state/image-references.ts';
import type { ImageSummary } from '../workers/imagery-api.ts';
import { imageryWorker } from './imagery-client.ts';
import { projectStore } from './project-store.ts';

export type ImageMetadata = ImageReference['metadata'];

/** The project's reference for the image shown in a role, if it is that same file. */
export function referenceOf(
  project: Project,
  role: ImageRole,
  summary: ImageSummary | null,
): ImageReference | null {
  if (!summary) return null;
  return project.images.find((i) => i.role === role && i.name === summary.name) ?? null;
}

/** GDAL metadata items that name where an image comes from, most specific first. */
const sourceItems = ['SENSOR', 'SATELLITE', 'PLATFORM', 'SOURCE', 'SPACECRAFT_ID'];

export function fileMetadata(summary: ImageSummary): ImageMetadata {
  const items = summary.info.metadata;
  const source = sourceItems.map((key) => items[key]).find((value) => value?.trim());
  return {
    date: summary.info.acquisitionDate?.slice(0, 10) ?? null,
    source: source?.trim() ?? '',
    credit: items.CREDIT?.trim() ?? items.COPYRIGHT?.trim() ?? '',
  };
}

/** What is shown: each field the user set, else the file's own. */
export function effectiveMetadata(
  summary: ImageSummary,
  reference: ImageReference | null,
): ImageMetadata {
  const file = fileMetadata(summary);
  const edited = reference?.metadata;
  return {
    date: edited?.date ?? file.date,
    source: edited?.source || file.source,
    credit: edited?.credit || file.credit,
  };
}

async function newReference(role: ImageRole, summary: ImageSummary): Promise<ImageReference> {
  const metadata: ImageMetadata = { date: null, source: '', credit: '' };
  if (summary.url && /^https?:/.test(summary.url)) {
    return {
      role,
      name: summary.name,
      sizeBytes: summary.sizeBytes,
      sha256: null,
      url: summary.url,
      metadata,
    };
  }
  const sha256 = await imageryWorker().call('imageSha256', { imageId: summary.imageId });
  if (!sha256) throw new Error(`${summary.name} has neither a web URL nor a hash to be kept by.`);
  return localImageReference(
    role,
    { name: summary.name, sizeBytes: summary.sizeBytes ?? 0, sha256 },
    metadata,
  );
}

/**
 * Saves an edit of an image's date, source or credit in the project (one undo step). An image the
 * project has no reference for yet gets one: its URL, or the SHA-256 of a local file.
 */
export async function editImageMetadata(
  role: ImageRole,
  summary: ImageSummary,
  changes: Partial<ImageMetadata>,
): Promise<void> {
  const existing = referenceOf(projectStore.getSnapshot().project, role, summary);
  const reference = existing ?? (await newReference(role, summary));
  projectStore.dispatch({
    type: 'setImage',
    role,
    image: { ...reference, metadata: { ...reference.metadata, ...changes } },
  });
}
