// The remote byte source against real local HTTP servers: a server that ignores ranges must not
// go on sending the whole file, and one that cannot be reached is named.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { urlByteSource } from './byte-sources.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/image.tif`;
}

describe('urlByteSource', () => {
  it('stops the download when the server answers 200 with the whole file', async () => {
    // A 200 MB file sent in 64 KiB pieces as fast as the client takes them.
    const fileBytes = 200 * 1024 * 1024;
    const piece = Buffer.alloc(64 * 1024, 7);
    let sentBytes = 0;
    let closed: () => void = () => {};
    const connectionClosed = new Promise<void>((done) => (closed = done));
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Length': String(fileBytes) });
      const send = () => {
        while (sentBytes < fileBytes && !response.destroyed) {
          sentBytes += piece.length;
          if (!response.write(piece)) return void response.once('drain', send);
        }
        response.end();
      };
      response.on('close', () => closed());
      send();
    });
    const url = await listen(server);
    await expect(urlByteSource(url)).rejects.toThrow(/ignores HTTP range requests/);
    // Cancelled, the connection closes at once (about 0.1 s here); left unread, the client only
    // stalls it and it stays open for many seconds.
    const stillOpen = new Promise<string>((done) => setTimeout(() => done('still open'), 3000));
    await expect(Promise.race([connectionClosed.then(() => 'closed'), stillOpen])).resolves.toBe(
      'closed',
    );
    expect(sentBytes).toBeLessThan(fileBytes / 4);
  });

  it('names a server that cannot be reached', async () => {
    const url = await listen(createServer());
    servers.splice(0).forEach((server) => server.close());
    await expect(urlByteSource(url)).rejects.toThrow(`could not reach ${url}`);
  });
});
