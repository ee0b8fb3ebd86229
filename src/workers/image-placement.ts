// Where an image lies on the map: the geotransform it is placed by (its own, or an affine fit of
// its ground control points), its outline and bounds in lon/lat and Web Mercator, its ground pixel
// size and the zoom that resolves it, and the mapping from Web Mercator back to its pixels.
import {
  invertGeoTransform,
  pixelPoint,
  pixelToProjected,
  projectedPoint,
  projectedToPixel,
  type GeoTransform,
} from '../core/georef/affine.ts';
import { crsTransformer } from '../core/georef/crs.ts';
import { pixelSizeMetres } from '../core/georef/pixel-size.ts';
import { lonLatToMercator, type MercatorBounds } from '../core/georef/web-mercator.ts';
import { fitGcps, type GeoTiffInfo } from '../core/raster/open-geotiff.ts';

/** How the image was placed: by its geotransform, or approximately by an affine fit of its GCPs. */
export type ImagePlacement =
  | { readonly kind: 'geoTransform' }
  | {
      readonly kind: 'gcpFit';
      readonly gcpCount: number;
      readonly rmsResidualPixels: number;
      readonly maxResidualPixels: number;
    };

/** Number of points per edge of the outline: enough to follow the curvature of a reprojection. */
const OUTLINE_POINTS_PER_EDGE = 16;

/**
 * Where the image's pixels lie: its geotransform, else an affine least-squares fit of its ground
 * control points (approximate: the app warps no GCP-only file through every point, as gdalwarp
 * -tps would); refused, with the reason, when neither is there.
 */
function placementOf(
  name: string,
  info: GeoTiffInfo,
): { geoTransform: GeoTransform; placement: ImagePlacement } {
  if (info.geoTransform)
    return { geoTransform: info.geoTransform, placement: { kind: 'geoTransform' } };
  if (info.gcps.length === 0) {
    throw new Error(`${name}: the file has no georeferencing to place it on the map.`);
  }
  const fit = fitGcps(info.gcps);
  if (!fit) {
    throw new Error(
      `${name}: the file is georeferenced only by ${info.gcps.length} ground control point` +
        `${info.gcps.length === 1 ? '' : 's'}, ${info.gcps.length < 3 ? 'too few' : 'all on one line'} ` +
        'to place it by an affine fit (three not on a line are needed).',
    );
  }
  return {
    geoTransform: fit.geoTransform,
    placement: {
      kind: 'gcpFit',
      gcpCount: fit.gcpCount,
      rmsResidualPixels: fit.rmsResidualPixels,
      maxResidualPixels: fit.maxResidualPixels,
    },
  };
}

export interface MapPlacement {
  readonly geoTransform: GeoTransform;
  readonly placement: ImagePlacement;
  readonly mercatorToPixel: (x: number, y: number) => readonly [number, number];
  /** Densified along the edges, closed. */
  readonly outlineLonLat: [number, number][];
  readonly mercatorBounds: MercatorBounds;
  /** West, south, east, north in degrees. */
  readonly boundsLonLat: [number, number, number, number];
  readonly groundPixel: { x: number; y: number };
  readonly nativeZoom: number;
}

/** Places the image, or fails saying why it cannot be placed. */
export function placeOnMap(name: string, info: GeoTiffInfo): MapPlacement {
  const { geoTransform, placement } = placementOf(name, info);
  if (!info.crs) {
    throw new Error(`${name}: the file has no CRS to place it on the map.`);
  }
  const inverse = invertGeoTransform(geoTransform);
  const toSource = crsTransformer('EPSG:3857', info.crs);
  const toLonLat = crsTransformer(info.crs, 'EPSG:4326');
  const mercatorToPixel = (x: number, y: number) => {
    const [sx, sy] = toSource.forward([x, y]);
    return projectedToPixel(inverse, projectedPoint(sx, sy));
  };

  const outlineLonLat: [number, number][] = [];
  const corners: [number, number][] = [
    [0, 0],
    [info.width, 0],
    [info.width, info.height],
    [0, info.height],
  ];
  for (let edge = 0; edge < 4; edge++) {
    const [c0, r0] = corners[edge];
    const [c1, r1] = corners[(edge + 1) % 4];
    for (let k = 0; k < OUTLINE_POINTS_PER_EDGE; k++) {
      const t = k / OUTLINE_POINTS_PER_EDGE;
      const p = pixelToProjected(geoTransform, pixelPoint(c0 + t * (c1 - c0), r0 + t * (r1 - r0)));
      const [lon, lat] = toLonLat.forward([p[0], p[1]]);
      outlineLonLat.push([lon, lat]);
    }
  }
  outlineLonLat.push(outlineLonLat[0]);
  const mercator = outlineLonLat.map(([lon, lat]) => lonLatToMercator(lon, lat));
  const mercatorBounds: MercatorBounds = {
    west: Math.min(...mercator.map((p) => p[0])),
    south: Math.min(...mercator.map((p) => p[1])),
    east: Math.max(...mercator.map((p) => p[0])),
    north: Math.max(...mercator.map((p) => p[1])),
  };

  const lons = outlineLonLat.map((p) => p[0]);
  const lats = outlineLonLat.map((p) => p[1]);
  const boundsLonLat: [number, number, number, number] = [
    Math.min(...lons),
    Math.min(...lats),
    Math.max(...lons),
    Math.max(...lats),
  ];
  const groundPixel = pixelSizeMetres(geoTransform, info.width, info.height, (xy) => {
    const [lon, lat] = toLonLat.forward(xy);
    return [lon, lat];
  });
  // Web Mercator pixel size at zoom z is 2πR·cos(φ)/(256·2^z); pick the zoom that resolves a pixel.
  const latitude = (boundsLonLat[1] + boundsLonLat[3]) / 2;
  const nativeZoom = Math.ceil(
    Math.log2(
      (2 * Math.PI * 6378137 * Math.cos((latitude * Math.PI) / 180)) /
        (256 * Math.min(groundPixel.x, groundPixel.y)),
    ),
  );

  return {
    geoTransform,
    placement,
    mercatorToPixel,
    outlineLonLat,
    mercatorBounds,
    boundsLonLat,
    groundPixel,
    nativeZoom,
  };
}
