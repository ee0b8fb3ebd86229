// `sitediff measure FOOTPRINTS.geojson [--json] [--gsd METRES] [--compare ID_A ID_B]`: area on the
// WGS 84 ellipsoid, perimeter and oriented length × width of every footprint, the area range the
// imagery allows (half a pixel of --gsd), and the sentence comparing two of them.
import { readFile } from 'node:fs/promises';
import { compareFootprints, type FootprintComparison } from '../core/measure/compare.ts';
import {
  measureFootprint,
  type FootprintMeasurement,
} from '../core/measure/footprint-measurement.ts';
import { readFootprintFeatures, type FootprintFeature } from '../core/schema/footprint-features.ts';
import { measureOutputSchema } from '../core/schema/measure-output.ts';
import { describeProblems } from '../core/schema/problems.ts';

const usage =
  'usage: sitediff measure FOOTPRINTS.geojson [--json] [--gsd METRES] [--compare ID_A ID_B]';

interface Options {
  readonly file: string;
  readonly json: boolean;
  readonly gsdMetres: number | null;
  readonly compare: readonly [string, string] | null;
}

function parseOptions(args: readonly string[]): Options | string {
  let file: string | null = null;
  let json = false;
  let gsdMetres: number | null = null;
  let compare: [string, string] | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--gsd') {
      const value = Number(args[++i]);
      if (!(value > 0) || !Number.isFinite(value))
        return '--gsd needs a ground sample distance in metres, > 0';
      gsdMetres = value;
    } else if (arg === '--compare') {
      const [a, b] = [args[i + 1], args[i + 2]];
      if (a === undefined || b === undefined) return '--compare needs two footprint ids';
      compare = [a, b];
      i += 2;
    } else if (arg.startsWith('--') || file !== null) return `unexpected argument "${arg}"`;
    else file = arg;
  }
  return file === null ? 'which footprints file?' : { file, json, gsdMetres, compare };
}

interface MeasuredFeature {
  readonly feature: FootprintFeature;
  readonly measurement: FootprintMeasurement;
}

function featureById(measured: readonly MeasuredFeature[], id: string): MeasuredFeature | string {
  const matches = measured.filter((m) => m.feature.id === id);
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) {
    return `id "${id}" is used by features ${matches.map((m) => m.feature.index + 1).join(' and ')}`;
  }
  const known = measured.map((m) => m.feature.id).filter((known) => known !== null);
  return `no feature has id "${id}" (ids: ${known.length ? known.join(', ') : 'none'})`;
}

const labelOf = ({ feature }: MeasuredFeature) =>
  feature.label || feature.id || `feature ${feature.index + 1}`;

function featureJson({ feature, measurement }: MeasuredFeature, gsdMetres: number | null) {
  return {
    id: feature.id,
    label: feature.label,
    areaSquareMetres: measurement.areaSquareMetres,
    perimeterMetres: measurement.perimeterMetres,
    lengthMetres: measurement.lengthMetres,
    widthMetres: measurement.widthMetres,
    /** Azimuth of the long side, clockwise from true north. */
    angleDegrees: measurement.angleDegrees,
    ...(measurement.areaRange && {
      gsdMetres,
      areaMinimumSquareMetres: measurement.areaRange.minimumSquareMetres,
      areaMaximumSquareMetres: measurement.areaRange.maximumSquareMetres,
    }),
  };
}

function comparisonJson(ids: readonly [string, string], comparison: FootprintComparison) {
  return {
    idA: ids[0],
    idB: ids[1],
    ratio: comparison.ratio,
    ...(comparison.ratioRange && {
      ratioMinimum: comparison.ratioRange.minimum,
      ratioMaximum: Number.isFinite(comparison.ratioRange.maximum)
        ? comparison.ratioRange.maximum
        : null,
    }),
    direction: comparison.direction,
    sentence: comparison.sentence,
  };
}

const fixed = (value: number, digits: number) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function featureText({ feature, measurement }: MeasuredFeature, gsdMetres: number | null): string {
  const name = [feature.id ?? `feature ${feature.index + 1}`, feature.label && `"${feature.label}"`]
    .filter(Boolean)
    .join(' ');
  const range = measurement.areaRange
    ? ` (${fixed(measurement.areaRange.minimumSquareMetres, 0)}–${fixed(measurement.areaRange.maximumSquareMetres, 0)} m² ` +
      `with the outline known to ±${fixed(measurement.areaRange.marginMetres, 2)} m at GSD ${gsdMetres} m)`
    : '';
  return [
    name,
    `  area       ${fixed(measurement.areaSquareMetres, 1)} m²${range}`,
    `  perimeter  ${fixed(measurement.perimeterMetres, 1)} m`,
    `  oriented   ${fixed(measurement.lengthMetres, 1)} m × ${fixed(measurement.widthMetres, 1)} m, ` +
      `long side ${fixed(measurement.angleDegrees, 1)}° from north`,
  ].join('\n');
}

async function run(args: string[]): Promise<number> {
  const options = parseOptions(args);
  if (typeof options === 'string') {
    process.stderr.write(`sitediff measure: ${options}\n${usage}\n`);
    return 1;
  }
  const fail = (message: string) => {
    process.stderr.write(`sitediff measure: ${options.file}: ${message}\n`);
    return 1;
  };
  let input: unknown;
  try {
    input = JSON.parse(await readFile(options.file, 'utf8'));
  } catch (error) {
    const code = (error as { code?: string }).code;
    return fail(
      code === 'ENOENT'
        ? 'no such file'
        : error instanceof SyntaxError
          ? `not JSON: ${error.message}`
          : String(error),
    );
  }
  const read = readFootprintFeatures(input);
  if (!read.ok) return fail(`invalid footprints:\n${describeProblems(read.problems)}`);
  const measured = read.value.map((feature) => ({
    feature,
    measurement: measureFootprint(feature.geometry, { gsdMetres: options.gsdMetres }),
  }));
  let comparison: FootprintComparison | null = null;
  if (options.compare) {
    const [a, b] = options.compare.map((id) => featureById(measured, id));
    if (typeof a === 'string') return fail(a);
    if (typeof b === 'string') return fail(b);
    comparison = compareFootprints(
      { label: labelOf(a), ...a.measurement },
      { label: labelOf(b), ...b.measurement },
    );
  }
  if (options.json) {
    const json = measureOutputSchema.parse({
      features: measured.map((m) => featureJson(m, options.gsdMetres)),
      ...(comparison &&
        options.compare && { comparison: comparisonJson(options.compare, comparison) }),
    });
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    const blocks = measured.map((m) => featureText(m, options.gsdMetres));
    if (comparison) blocks.push(comparison.sentence);
    process.stdout.write(`${blocks.join('\n\n')}\n`);
  }
  return 0;
}

export const measureCommand = {
  summary: 'area, perimeter and length × width of GeoJSON footprints, with ranges and a comparison',
  run,
};
