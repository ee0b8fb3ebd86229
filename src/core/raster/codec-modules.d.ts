// Type declarations for decoder packages that ship none.
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs' {
  interface FrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
  }
  interface JpegDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    getDecodedBuffer(): Uint8Array;
    readHeader(): void;
    decode(): void;
    getFrameInfo(): FrameInfo;
    delete(): void;
  }
  interface LibJpegTurbo {
    JPEGDecoder: new () => JpegDecoder;
  }
  const factory: (options?: {
    wasmBinary?: ArrayBuffer;
    locateFile?: (path: string) => string;
  }) => Promise<LibJpegTurbo>;
  export default factory;
}

declare module 'utif2' {
  /** UTIF's CCITT decoders write 1-bit rows, each padded to a byte, into `target` at `targetOffset`. */
  type FaxDecoder = (
    data: Uint8Array,
    offset: number,
    length: number,
    target: Uint8Array,
    targetOffset: number,
    width: number,
    fillOrder: number,
    twoDimensional?: boolean,
  ) => void;
  const UTIF: { decode: { _decodeG3: FaxDecoder; _decodeG4: FaxDecoder; _decodeG2: FaxDecoder } };
  export default UTIF;
}

declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/decode' {
  interface FrameInfo {
    width: number;
    height: number;
    bitsPerSample: number;
    componentCount: number;
  }
  interface JpegDecoder {
    getEncodedBuffer(length: number): Uint8Array;
    getDecodedBuffer(): Uint8Array;
    readHeader(): void;
    decode(): void;
    getFrameInfo(): FrameInfo;
    delete(): void;
  }
  interface LibJpegTurbo {
    JPEGDecoder: new () => JpegDecoder;
  }
  const factory: (options?: {
    wasmBinary?: ArrayBuffer;
    locateFile?: (path: string) => string;
  }) => Promise<LibJpegTurbo>;
  export default factory;
}
