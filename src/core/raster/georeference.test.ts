import { describe, expect, it } from 'vitest';
import { fitGcps, geoTransformFromGcps, type GroundControlPoint } from './georeference.ts';

const gcp = (column: number, row: number, x: number, y: number): GroundControlPoint => ({
  column,
  row,
  x,
  y,
  z: 0,
});

// The four tiepoints of fixtures/geotiff/georust-geotiff/austrian_capitals_model_tie_points_
// pixel_is_area.tif (LAEA Europe, 1 km pixels), as GDAL 3.6.2 reads them.
const austrianCapitals = [
  gcp(124, 126, 4_426_000, 2_685_000),
  gcp(338, 5, 4_640_000, 2_806_000),
  gcp(349, 189, 4_651_000, 2_622_000),
  gcp(492, 0, 4_794_000, 2_811_000),
];

const expectClose = (ours: readonly number[], gdal: readonly number[], scale: number) =>
  ours.forEach((v, i) => expect(Math.abs(v - gdal[i])).toBeLessThan(1e-9 * scale));

describe('GCP fit', () => {
  it('recovers the grid of GCPs that lie on one, as GDALGCPsToGeoTransform does', () => {
    const fit = fitGcps(austrianCapitals)!;
    // gdal.GCPsToGeoTransform (GDAL 3.6.2) over the same GCPs.
    expectClose(fit.geoTransform, [4302000, 1000, 0, 2811000, 0, -1000], 1e7);
    expect(fit.gcpCount).toBe(4);
    expect(fit.rmsResidualPixels).toBeLessThan(1e-9);
    expect(fit.rmsResidualCrsUnits).toBeLessThan(1e-6);
  });

  it('gives the least-squares fit of GCPs off a grid, and how far they are from it', () => {
    const moved = [
      austrianCapitals[0],
      gcp(338, 5, 4_641_500, 2_806_000),
      gcp(349, 189, 4_651_000, 2_621_200),
      austrianCapitals[3],
    ];
    const fit = fitGcps(moved)!;
    // gdal.GCPsToGeoTransform (GDAL 3.6.2) over the same GCPs.
    expectClose(
      fit.geoTransform,
      [
        4303261.633706303, 998.6141257317647, -5.43981454282894, 2811733.016810467,
        -1.7040763183154284, -1004.7239243722022,
      ],
      1e7,
    );
    // Residuals computed by hand from that geotransform: each GCP's map point against the fit.
    const residualsMetres = moved.map((p) => {
      const [x0, dx, rx, y0, ry, dy] = fit.geoTransform;
      return Math.hypot(
        x0 + p.column * dx + p.row * rx - p.x,
        y0 + p.column * ry + p.row * dy - p.y,
      );
    });
    const rmsMetres = Math.sqrt(residualsMetres.reduce((s, r) => s + r * r, 0) / 4);
    expect(fit.rmsResidualCrsUnits).toBeCloseTo(rmsMetres, 6);
    expect(rmsMetres).toBeGreaterThan(100);
    // Pixels of about 1 km: the pixel residuals are the metres over about 1000.
    expect(fit.rmsResidualPixels).toBeCloseTo(rmsMetres / 1000, 1);
    expect(fit.maxResidualPixels).toBeGreaterThanOrEqual(fit.rmsResidualPixels);
  });

  it('refuses fewer than three GCPs and collinear ones', () => {
    expect(fitGcps(austrianCapitals.slice(0, 2))).toBeNull();
    expect(
      geoTransformFromGcps([gcp(0, 0, 0, 0), gcp(1, 1, 10, -10), gcp(2, 2, 20, -20)]),
    ).toBeNull();
  });
});
