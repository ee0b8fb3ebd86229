// Web Mercator (EPSG:3857) tile geometry, as used by maplibre's raster sources.

/** Half the circumference of the spherical Mercator world, in metres. */
export const WEB_MERCATOR_HALF_WORLD_METRES = Math.PI * 6378137;

export interface TileId {
  readonly z: number;
  readonly x: number;
  readonly y: number;
}

export interface MercatorBounds {
  readonly west: number;
  readonly south: number;
  readonly east: number;
  readonly north: number;
}

export function tileBoundsMetres(tile: TileId): MercatorBounds {
  const size = (2 * WEB_MERCATOR_HALF_WORLD_METRES) / 2 ** tile.z;
  const west = -WEB_MERCATOR_HALF_WORLD_METRES + tile.x * size;
  const north = WEB_MERCATOR_HALF_WORLD_METRES - tile.y * size;
  return { west, south: north - size, east: west + size, north };
}

export function lonLatToMercator(longitude: number, latitude: number): [number, number] {
  const x = (longitude * Math.PI * 6378137) / 180;
  const phi = (latitude * Math.PI) / 180;
  const y = 6378137 * Math.log(Math.tan(Math.PI / 4 + phi / 2));
  return [x, y];
}

export function mercatorToLonLat(x: number, y: number): [number, number] {
  const longitude = (x / 6378137) * (180 / Math.PI);
  const latitude = (2 * Math.atan(Math.exp(y / 6378137)) - Math.PI / 2) * (180 / Math.PI);
  return [longitude, latitude];
}
