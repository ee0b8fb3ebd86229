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
