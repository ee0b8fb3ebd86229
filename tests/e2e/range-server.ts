// A static file server on localhost for COG-by-URL tests: serves byte ranges with CORS, logs what
// it sent, and can be told to ignore ranges, to answer slowly or to send no CORS headers.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface RangeServerOptions {
  readonly honourRanges?: boolean;
  readonly delayMs?: number;
  /** false: no Access-Control-* headers, as a server not set up for cross-origin pages. */
  readonly cors?: boolean;
}

export interface RangeServer {
  readonly url: (name: string) => string;
  /** Every answer sent: the Range asked (null when the whole file was sent) and its length. */
  readonly requests: { range: string | null; bytes: number }[];
  bytesSent(): number;
  close(): Promise<void>;
}

/** Serves each file under its name: a path to read, or the bytes themselves. */
export async function startRangeServer(
  files: Record<string, string | Uint8Array>,
  options: RangeServerOptions = {},
): Promise<RangeServer> {
  const contents = Object.fromEntries(
    Object.entries(files).map(([name, file]) => [
      name,
      typeof file === 'string' ? readFileSync(file) : Buffer.from(file),
    ]),
  );
  const requests: { range: string | null; bytes: number }[] = [];
  const server: Server = createServer((req, res) => {
    if (options.cors !== false) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Headers', 'Range');
      res.setHeader(
        'Access-Control-Expose-Headers',
        'Content-Range, Content-Length, Accept-Ranges',
      );
    }
    if (req.method === 'OPTIONS') {
      res.statusCode = 204;
      res.end();
      return;
    }
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0]);
    const body = contents[name];
    if (!body) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const send = () => {
      const match = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
      if (match && options.honourRanges !== false) {
        const start = Number(match[1]);
        const end = Math.min(match[2] ? Number(match[2]) : body.length - 1, body.length - 1);
        const part = body.subarray(start, end + 1);
        requests.push({ range: req.headers.range ?? null, bytes: part.length });
        res.statusCode = 206;
        res.setHeader('Accept-Ranges', 'bytes');
        res.setHeader('Content-Range', `bytes ${start}-${end}/${body.length}`);
        res.setHeader('Content-Length', String(part.length));
        res.end(part);
        return;
      }
      requests.push({ range: null, bytes: body.length });
      res.statusCode = 200;
      res.setHeader('Content-Length', String(body.length));
      res.end(body);
    };
    if (options.delayMs) setTimeout(send, options.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    requests,
    bytesSent: () => requests.reduce((sum, r) => sum + r.bytes, 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
