// A ByteSource over a local file for the command line: positional reads, no full load, so a
// multi-gigabyte COG costs only the blocks that are read.
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../core/raster/byte-source.ts';

export interface NodeFileSource extends ByteSource {
  readonly byteLength: number;
  close(): Promise<void>;
}

export async function nodeFileSource(path: string): Promise<NodeFileSource> {
  const handle: FileHandle = await open(path, 'r');
  const stats = await handle.stat();
  if (!stats.isFile()) {
    await handle.close();
    throw Object.assign(new Error(`${path} is not a regular file`), {
      code: stats.isDirectory() ? 'EISDIR' : 'ENOTFILE',
    });
  }
  const { size } = stats;
  return {
    byteLength: size,
    async read(offset, length, signal) {
      signal?.throwIfAborted();
      const start = Math.min(offset, size);
      const bytes = Math.max(0, Math.min(length, size - start));
      const buffer = new Uint8Array(bytes);
      let done = 0;
      while (done < bytes) {
        const { bytesRead } = await handle.read(buffer, done, bytes - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buffer.buffer.slice(0, done);
    },
    close: () => handle.close(),
  };
}
