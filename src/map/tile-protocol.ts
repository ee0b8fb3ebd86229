// Tiles of the user's imagery come from our imagery worker, not from a server: maplibre asks for
// `sitediff://IMAGE_ID/z/x/y` and the handler returns an ImageBitmap rendered by the worker.
import { addProtocol, removeProtocol } from 'maplibre-gl';

export const TILE_SIZE = 256;
export const PROTOCOL = 'sitediff';

export interface TileRequest {
  readonly imageId: string;
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

/** Renders one tile as RGBA bytes, or null when the tile does not touch the image. */
export type TileRenderer = (
  request: TileRequest,
  signal: AbortSignal,
) => Promise<ArrayBuffer | null>;

export function tileUrlTemplate(imageId: string, revision: number): string {
  return `${PROTOCOL}://${encodeURIComponent(imageId)}/{z}/{x}/{y}?r=${revision}`;
}

function parseTileUrl(url: string): TileRequest {
  const match = /^sitediff:\/\/([^/]+)\/(\d+)\/(\d+)\/(\d+)/.exec(url);
  if (!match) throw new Error(`Not a sitediff tile URL: ${url}`);
  return {
    imageId: decodeURIComponent(match[1]),
    z: Number(match[2]),
    x: Number(match[3]),
    y: Number(match[4]),
  };
}

let registered: TileRenderer | null = null;

export function registerTileProtocol(renderer: TileRenderer): void {
  registered = renderer;
  removeProtocol(PROTOCOL);
  addProtocol(PROTOCOL, async (params, abortController) => {
    if (!registered) throw new Error('No tile renderer is registered.');
    const rgba = await registered(parseTileUrl(params.url), abortController.signal);
    const pixels = rgba
      ? new Uint8ClampedArray(rgba)
      : new Uint8ClampedArray(TILE_SIZE * TILE_SIZE * 4);
    const bitmap = await createImageBitmap(new ImageData(pixels, TILE_SIZE, TILE_SIZE));
    return { data: bitmap };
  });
}
