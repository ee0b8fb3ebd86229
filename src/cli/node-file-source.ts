// A ByteSource over a local file for the command line: positional reads, no full load, so a
// multi-gigabyte COG costs only the blocks that are read.
import { existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../core/raster/byte-source.ts';
import { externalOverviewName } from '../core/raster/external-overviews.ts';

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
      // A short read (the end of the file) is the only one that needs a copy.
      return done === bytes ? buffer.buffer : buffer.buffer.slice(0, done);
    },
    close: () => handle.close(),
  };
}

/**
 * FILE.ovr (or FILE.OVR) beside FILE, opened, as GDAL looks for external overviews; null when
 * there is none or it cannot be opened, which GDAL does not report either.
 */
export async function openExternalOverviews(
  file: string,
): Promise<{ path: string; source: NodeFileSource } | null> {
  const ovr = externalOverviewName(file);
  for (const path of [ovr, ovr.replace(/ovr$/, 'OVR')]) {
    if (!existsSync(path)) continue;
    try {
      return { path, source: await nodeFileSource(path) };
    } catch {
      return null;
    }
  }
  return null;
}
