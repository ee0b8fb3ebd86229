// The change pipeline's default parameters, one set for every pair (see docs/benchmarks.md for how
// each was measured). A module of its own, with no imports, so the app's panel can show them
// without bundling the pipeline into the page.
export const defaultDetectOptions = {
  align: true,
  shadowWeight: 1,
  classConditional: true,
  smoothingRadiusMetres: 0,
  structureLengthMetres: 60,
  structureShortestMetres: 8,
  vegetationNdvi: 0.2,
  threshold: 'auto',
  minAreaSquareMetres: 20,
  openingRadiusMetres: 1,
  closingRadiusMetres: 1,
  simplifyPixels: 1,
  structureThreshold: 0.5,
  coreFactor: 3,
  coreAreaSquareMetres: 20,
  relitExistingShare: 0.5,
  relitColourShare: 0.1,
  excludeVegetation: true,
} as const;
