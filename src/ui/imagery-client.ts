// The app's single connection to the imagery worker, the tile protocol that feeds the map, and
// what each open image has fetched so far.
import { useCallback, useSyncExternalStore } from 'react';
import { registerTileProtocol, TILE_SIZE } from '../map/tile-protocol.ts';
import type { TileDisplay } from '../workers/imagery-api.ts';
import type { WorkerApi } from '../workers/worker-api.ts';
import { connectApi, type Endpoint, type Remote } from '../workers/rpc.ts';

let remote: Remote<WorkerApi> | null = null;
/** The display each open image is drawn with; tiles read it when they are requested. */
const tileDisplays = new Map<string, TileDisplay>();
/** Images closed in the worker: the map may still ask for their tiles until it drops them. */
const closedImages = new Set<string>();

/** Sets how an image's tiles are coloured; the map asks for them again under a new revision. */
export function setTileDisplay(imageId: string, display: TileDisplay): void {
  tileDisplays.set(imageId, display);
}

export interface ImageBytes {
  readonly bytesRead: number;
  /** Size of the whole file, when the source says. */
  readonly byteLength: number | null;
}

const imageBytes = new Map<string, ImageBytes>();
const imageBytesListeners = new Set<() => void>();

/** Records what an image has fetched (every tile rendered reports it), for the slot to show. */
export function recordImageBytes(imageId: string, bytes: ImageBytes): void {
  if (closedImages.has(imageId)) return;
  const known = imageBytes.get(imageId);
  if (known && known.bytesRead === bytes.bytesRead && known.byteLength === bytes.byteLength) return;
  imageBytes.set(imageId, { bytesRead: bytes.bytesRead, byteLength: bytes.byteLength });
  for (const listener of imageBytesListeners) listener();
}

/** Bytes an open image has fetched so far, updated as the map renders its tiles. */
export function useImageBytes(imageId: string | null): ImageBytes | null {
  const subscribe = useCallback((listener: () => void) => {
    imageBytesListeners.add(listener);
    return () => void imageBytesListeners.delete(listener);
  }, []);
  return useSyncExternalStore(subscribe, () =>
    imageId === null ? null : (imageBytes.get(imageId) ?? null),
  );
}

/**
 * Lets the worker drop an image (its byte source and decoded blocks). Tiles asked for it
 * afterwards are empty rather than errors: the map lets go of a replaced image a moment later.
 */
export function closeImage(imageId: string): void {
  closedImages.add(imageId);
  tileDisplays.delete(imageId);
  imageBytes.delete(imageId);
  void imageryWorker().call('closeImage', { imageId });
}

export function imageryWorker(): Remote<WorkerApi> {
  if (remote) return remote;
  const worker = new Worker(new URL('../workers/imagery.worker.ts', import.meta.url), {
    type: 'module',
    name: 'sitediff-imagery',
  });
  const connected = connectApi<WorkerApi>(worker as unknown as Endpoint);
  remote = connected;
  registerTileProtocol(async (request, signal) => {
    if (closedImages.has(request.imageId)) return null;
    const tile = await connected.call(
      'renderTile',
      {
        imageId: request.imageId,
        tile: request,
        tileSize: TILE_SIZE,
        ...(tileDisplays.has(request.imageId)
          ? { display: tileDisplays.get(request.imageId) }
          : {}),
      },
      { signal },
    );
    recordImageBytes(request.imageId, tile);
    return tile.rgba;
  });
  return connected;
}
