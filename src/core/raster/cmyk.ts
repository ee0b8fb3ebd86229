// 8-bit CMYK as GDAL 3.6 exposes it: through libtiff's RGBA interface (tif_getimage.c,
// putRGBcontig8bitCMYKtile / putCMYKseparate8bittile), R = (255 − K)(255 − C) / 255 in integer
// arithmetic, likewise G from M and B from Y, and an opaque alpha; extra samples are dropped.
import type { DecodedBlock } from './decode-block.ts';
import type { ImageLayout } from './image-layout.ts';

export async function cmykBlockAsRgba(
  layout: ImageLayout,
  chunkyIndex: number,
  decode: (blockIndex: number) => Promise<DecodedBlock>,
): Promise<DecodedBlock> {
  const perPlane = layout.blocksAcross * layout.blocksDown;
  let ink: (pixel: number, channel: number) => number;
  let rows: number;
  let sparse: boolean | undefined;
  if (layout.planar) {
    const planes = await Promise.all([0, 1, 2, 3].map((p) => decode(p * perPlane + chunkyIndex)));
    rows = planes[0].rows;
    sparse = planes.every((p) => p.sparse);
    ink = (pixel, channel) => planes[channel].values[pixel];
  } else {
    const block = await decode(chunkyIndex);
    rows = block.rows;
    sparse = block.sparse;
    const stride = block.samples;
    ink = (pixel, channel) => block.values[pixel * stride + channel];
  }
  const pixels = layout.blockWidth * rows;
  const rgba = new Uint8Array(pixels * 4);
  for (let i = 0; i < pixels; i++) {
    const k = 255 - ink(i, 3);
    rgba[i * 4] = Math.floor((k * (255 - ink(i, 0))) / 255);
    rgba[i * 4 + 1] = Math.floor((k * (255 - ink(i, 1))) / 255);
    rgba[i * 4 + 2] = Math.floor((k * (255 - ink(i, 2))) / 255);
    rgba[i * 4 + 3] = 255;
  }
  return { values: rgba, rows, samples: 4, sparse };
}
