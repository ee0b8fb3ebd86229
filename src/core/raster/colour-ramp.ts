// Colour ramps for showing one band: a 256-entry RGB lookup table indexed by the stretched byte.
// "viridis" follows the anchors of matplotlib's viridis (van der Walt & Smith 2015), which is
// perceptually uniform and readable by colour-blind viewers; between anchors we interpolate in RGB.
export const colourRampNames = ['greys', 'viridis'] as const;
export type ColourRampName = (typeof colourRampNames)[number];

/** 256 × [red, green, blue] bytes. */
export type ColourRampTable = Uint8Array;

const anchors: Record<ColourRampName, readonly (readonly [number, number, number])[]> = {
  greys: [
    [0, 0, 0],
    [255, 255, 255],
  ],
  viridis: [
    [0x44, 0x01, 0x54],
    [0x3b, 0x52, 0x8b],
    [0x21, 0x91, 0x8c],
    [0x5e, 0xc9, 0x62],
    [0xfd, 0xe7, 0x25],
  ],
};

const tables = new Map<ColourRampName, ColourRampTable>();

export function colourRampTable(name: ColourRampName): ColourRampTable {
  const cached = tables.get(name);
  if (cached) return cached;
  const points = anchors[name];
  const table = new Uint8Array(256 * 3);
  const segments = points.length - 1;
  for (let v = 0; v < 256; v++) {
    const position = (v / 255) * segments;
    const k = Math.min(segments - 1, Math.floor(position));
    const t = position - k;
    for (let c = 0; c < 3; c++) {
      table[v * 3 + c] = Math.round(points[k][c] + t * (points[k + 1][c] - points[k][c]));
    }
  }
  tables.set(name, table);
  return table;
}
