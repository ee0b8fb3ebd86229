// Serialisation of classic little-endian TIFF image file directories (TIFF 6.0, section 2:
// "Image File Directory"). Each IFD is laid out as its 12-byte entries followed by the values too
// large to fit in an entry, every value starting on a word (even) boundary.

export const FieldType = { Byte: 1, Ascii: 2, Short: 3, Long: 4, Double: 12 } as const;
export type FieldType = (typeof FieldType)[keyof typeof FieldType];

const fieldTypeBytes: Record<FieldType, number> = {
  [FieldType.Byte]: 1,
  [FieldType.Ascii]: 1,
  [FieldType.Short]: 2,
  [FieldType.Long]: 4,
  [FieldType.Double]: 8,
};

export interface TiffField {
  readonly tag: number;
  readonly type: FieldType;
  /** Numbers for numeric types; for Ascii the UTF-8 bytes including the terminating NUL. */
  readonly values: readonly number[] | Uint8Array;
}

const utf8 = new TextEncoder();

/** An ASCII field; TIFF says 7-bit ASCII, but GDAL and geotiff.js both read the bytes as UTF-8. */
export function asciiField(tag: number, text: string): TiffField {
  const encoded = utf8.encode(text);
  const values = new Uint8Array(encoded.length + 1);
  values.set(encoded);
  return { tag, type: FieldType.Ascii, values };
}

export function numericField(tag: number, type: FieldType, values: readonly number[]): TiffField {
  return { tag, type, values };
}

function valueBytes(field: TiffField): number {
  return field.values.length * fieldTypeBytes[field.type];
}

const even = (n: number) => n + (n & 1);

/** Bytes the directory occupies, including its out-of-line values. */
export function directoryByteLength(fields: readonly TiffField[]): number {
  let length = 2 + fields.length * 12 + 4;
  for (const field of fields) {
    const bytes = valueBytes(field);
    if (bytes > 4) length += even(bytes);
  }
  return length;
}

function writeValues(view: DataView, offset: number, field: TiffField): void {
  const { type, values } = field;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    switch (type) {
      case FieldType.Byte:
      case FieldType.Ascii:
        view.setUint8(offset + i, value);
        break;
      case FieldType.Short:
        view.setUint16(offset + i * 2, value, true);
        break;
      case FieldType.Long:
        view.setUint32(offset + i * 4, value, true);
        break;
      case FieldType.Double:
        view.setFloat64(offset + i * 8, value, true);
        break;
    }
  }
}

/**
 * Writes one IFD at `offset` (which must be even) with its fields sorted by tag, as TIFF requires,
 * and `nextDirectoryOffset` (0 for the last) as its link to the next IFD.
 */
export function writeDirectory(
  view: DataView,
  offset: number,
  fields: readonly TiffField[],
  nextDirectoryOffset: number,
): void {
  if (offset & 1) throw new Error('A TIFF directory must start on a word boundary.');
  const sorted = [...fields].sort((a, b) => a.tag - b.tag);
  view.setUint16(offset, sorted.length, true);
  let overflow = offset + 2 + sorted.length * 12 + 4;
  sorted.forEach((field, index) => {
    const entry = offset + 2 + index * 12;
    view.setUint16(entry, field.tag, true);
    view.setUint16(entry + 2, field.type, true);
    view.setUint32(entry + 4, field.values.length, true);
    const bytes = valueBytes(field);
    if (bytes <= 4) {
      writeValues(view, entry + 8, field);
    } else {
      view.setUint32(entry + 8, overflow, true);
      writeValues(view, overflow, field);
      overflow += even(bytes);
    }
  });
  view.setUint32(offset + 2 + sorted.length * 12, nextDirectoryOffset, true);
}
