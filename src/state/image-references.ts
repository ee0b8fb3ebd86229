// Images are referenced, never stored in the project: a URL, or a local file known by name, size
// and SHA-256. After a reload the browser may no longer let us read a local file; the user is asked
// for it again and the file they pick is matched by its hash, not its name.
import type { ImageReference, ImageRole, Project } from '../core/schema/project.ts';

/** Lower-case hex SHA-256 of the bytes (Web Crypto: browsers, workers and Node alike). */
export async function sha256Hex(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export interface LocalImageFile {
  readonly name: string;
  readonly sizeBytes: number;
  readonly sha256: string;
}

export function localImageReference(
  role: ImageRole,
  file: LocalImageFile,
  metadata: ImageReference['metadata'] = { date: null, source: '', credit: '' },
): ImageReference {
  return {
    role,
    name: file.name,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    url: null,
    metadata,
  };
}

/** Local images of the project, which must be picked again after a reload. */
export const imagesToReopen = (project: Project): ImageReference[] =>
  project.images.filter((image) => image.url === null);

/**
 * The role of the project image a picked file is, matched by hash; null if it is none of them,
 * whatever its name.
 */
export function matchImageFile(project: Project, file: LocalImageFile): ImageRole | null {
  const match = project.images.find(
    (image) => image.sha256 !== null && image.sha256 === file.sha256,
  );
  return match ? match.role : null;
}
