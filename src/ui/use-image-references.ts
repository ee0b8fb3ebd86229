import { useCallback, useEffect, useRef, useState } from 'react';
import { imageRoles, type ImageReference, type ImageRole } from '../core/schema/project.ts';
import { referenceToRecord } from '../state/image-metadata.ts';
import { imagesToReopen, matchImageFile, sha256Hex } from '../state/image-references.ts';
import type { ImageSource } from '../workers/imagery-api.ts';
import { newReference } from './image-metadata.ts';
import { projectStore, useProject } from './project-store.ts';
import type { Side, Slot } from './use-imagery.ts';

const sameImage = (a: ImageReference, b: ImageReference) =>
  (a.url !== null && a.url === b.url) || (a.sha256 !== null && a.sha256 === b.sha256);

/**
 * Keeps the project's image references in step with the images shown, and asks again for the
 * project's local files after a reload (the browser may not let us read them), matching the file
 * picked by its SHA-256, not its name. A local file the project still waits for is not replaced by
 * an image opened by URL (the demo opens itself at start); picking another local file, or
 * "forget", replaces it.
 */
export function useImageReferences(
  slots: Record<Side, Slot>,
  open: (side: Side, source: ImageSource) => Promise<unknown>,
) {
  const { project } = useProject();
  const [shown, setShown] = useState<Partial<Record<ImageRole, ImageReference>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const recorded = useRef<{ projectId: string; imageIds: Partial<Record<ImageRole, string>> }>({
    projectId: '',
    imageIds: {},
  });

  useEffect(() => {
    if (recorded.current.projectId !== project.id) {
      recorded.current = { projectId: project.id, imageIds: {} };
    }
    for (const role of imageRoles) {
      const summary = slots[role].current;
      if (!summary || recorded.current.imageIds[role] === summary.imageId) continue;
      recorded.current.imageIds[role] = summary.imageId;
      void newReference(role, summary).then(
        (reference) => {
          setShown((current) => ({ ...current, [role]: reference }));
          const { project: now } = projectStore.getSnapshot();
          const existing = now.images.find((image) => image.role === role) ?? null;
          const awaited = existing && existing.url === null && !sameImage(existing, reference);
          if (awaited && reference.url !== null) return;
          const image = referenceToRecord(now, reference);
          // Which images a project shows is not an edit of the user's: no undo entry.
          if (image) projectStore.dispatch({ type: 'setImage', role, image }, { record: false });
        },
        (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
      );
    }
  }, [slots, project.id]);

  const awaiting = imagesToReopen(project).filter((image) => {
    const showing = shown[image.role];
    return !(showing && sameImage(showing, image));
  });

  /** A file picked for one of the awaited images: opened in the role whose hash it has. */
  const pick = useCallback(
    async (file: File) => {
      const sha256 = await sha256Hex(await file.arrayBuffer());
      const role = matchImageFile(projectStore.getSnapshot().project, {
        name: file.name,
        sizeBytes: file.size,
        sha256,
      });
      if (!role) {
        setProblem(
          `${file.name} is not one of this project's images: its contents differ (SHA-256 ${sha256.slice(0, 12)}…).`,
        );
        return;
      }
      setProblem(null);
      await open(role, { kind: 'file', file, name: file.name });
    },
    [open],
  );

  /** Stops waiting for a local file: the image shown in its place is kept instead. */
  const forget = useCallback(
    (role: ImageRole) => {
      projectStore.dispatch(
        { type: 'setImage', role, image: shown[role] ?? null },
        { record: false },
      );
    },
    [shown],
  );

  return { awaiting, problem, pick, forget };
}

export type ImageReopening = ReturnType<typeof useImageReferences>;
