// Independent reference values on the WGS 84 ellipsoid for the measurement tests, from textbook
// closed forms rather than from GeographicLib, so the tests can catch a wrong library call.
const semiMajorMetres = 6378137;
const flattening = 1 / 298.257223563;
const eccentricitySquared = flattening * (2 - flattening);
const eccentricity = Math.sqrt(eccentricitySquared);
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Snyder 1987 ("Map Projections — A Working Manual", eq. 3-12): authalic q(φ). */
function authalicQ(latitudeDegrees: number): number {
  const s = Math.sin(radians(latitudeDegrees));
  return (
    (1 - eccentricitySquared) *
    (s / (1 - eccentricitySquared * s * s) -
      (1 / (2 * eccentricity)) * Math.log((1 - eccentricity * s) / (1 + eccentricity * s)))
  );
}

/**
 * Area of the quadrangle bounded by two parallels and two meridians (edges along the parallels,
 * not geodesics): Δλ·a²·(q(φ2) − q(φ1))/2, the ellipsoidal zone area.
 */
export function zoneAreaSquareMetres(
  southDegrees: number,
  northDegrees: number,
  longitudeSpanDegrees: number,
): number {
  return (
    (radians(longitudeSpanDegrees) *
      semiMajorMetres ** 2 *
      (authalicQ(northDegrees) - authalicQ(southDegrees))) /
    2
  );
}

/** Meridian arc length by Simpson's rule over the meridional radius M(φ) = a(1−e²)/W³. */
export function meridianArcMetres(southDegrees: number, northDegrees: number): number {
  const steps = 2000;
  const h = radians(northDegrees - southDegrees) / steps;
  const m = (phi: number) =>
    (semiMajorMetres * (1 - eccentricitySquared)) /
    (1 - eccentricitySquared * Math.sin(phi) ** 2) ** 1.5;
  let sum = m(radians(southDegrees)) + m(radians(northDegrees));
  for (let i = 1; i < steps; i++) sum += (i % 2 ? 4 : 2) * m(radians(southDegrees) + i * h);
  return (sum * h) / 3;
}

/** Length of an arc of a parallel: Δλ·N(φ)·cos φ. */
export function parallelArcMetres(latitudeDegrees: number, longitudeSpanDegrees: number): number {
  const phi = radians(latitudeDegrees);
  const primeVertical = semiMajorMetres / Math.sqrt(1 - eccentricitySquared * Math.sin(phi) ** 2);
  return radians(longitudeSpanDegrees) * primeVertical * Math.cos(phi);
}

/** A lon/lat quadrangle with its parallels densified, so geodesic edges follow them closely. */
export function densifiedQuadrangle(
  westDegrees: number,
  southDegrees: number,
  eastDegrees: number,
  northDegrees: number,
  pointsPerParallel: number,
): number[][] {
  const ring: number[][] = [];
  for (let i = 0; i <= pointsPerParallel; i++) {
    ring.push([westDegrees + ((eastDegrees - westDegrees) * i) / pointsPerParallel, southDegrees]);
  }
  for (let i = 0; i <= pointsPerParallel; i++) {
    ring.push([eastDegrees - ((eastDegrees - westDegrees) * i) / pointsPerParallel, northDegrees]);
  }
  ring.push(ring[0]);
  return ring;
}
