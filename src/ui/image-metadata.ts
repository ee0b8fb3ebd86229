// Saving the user's edits of an image's date, source and credit in the project's image reference.
import type { ImageReference, ImageRole } from '../core/schema/project.ts';
import { referenceOf, type ImageMetadata } from '../state/image-metadata.ts';
import { localImageReference } from '../state/image-references.ts';
import type { ImageSummary } from '../workers/imagery-api.ts';
import { imageryWorker } from './imagery-client.ts';
import { projectStore } from './project-store.ts';

/** The reference that identifies an opened image in a project: its web URL, or its SHA-256. */
export async function newReference(
  role: ImageRole,
  summary: ImageSummary,
): Promise<ImageReference> {
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

/** Before becomes after and after before: the project's references follow the images. */
export function swapImageReferences(): void {
  const { images } = projectStore.getSnapshot().project;
  if (images.length === 0) return;
  const of = (role: ImageRole) => images.find((image) => image.role === role) ?? null;
  const [before, after] = [of('before'), of('after')];
  projectStore.dispatch(
    {
      type: 'batch',
      commands: [
        { type: 'setImage', role: 'before', image: after && { ...after, role: 'before' } },
        { type: 'setImage', role: 'after', image: before && { ...before, role: 'after' } },
      ],
    },
    // Swapping the slots is not an undoable edit, so neither is following it.
    { record: false },
  );
}
