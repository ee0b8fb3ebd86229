// The app's single connection to the imagery worker, and the tile protocol that feeds the map.
import { registerTileProtocol, TILE_SIZE } from '../map/tile-protocol.ts';
import type { TileDisplay } from '../workers/imagery-api.ts';
import type { WorkerApi } from '../workers/worker-api.ts';
import { connectApi, type Endpoint, type Remote } from '../workers/rpc.ts';

let remote: Remote<WorkerApi> | null = null;
/** The display each open image is drawn with; tiles read it when they are requested. */
const tileDisplays = new Map<string, TileDisplay>();

/** Sets how an image's tiles are coloured; the map asks for them again under a new revision. */
export function setTileDisplay(imageId: string, display: TileDisplay): void {
  tileDisplays.set(imageId, display);
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
    return tile.rgba;
  });
  return connected;
}
