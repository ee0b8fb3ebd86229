import { afterEach, describe, expect, it } from 'vitest';
import {
  connectApi,
  exposeApi,
  RemoteError,
  transfer,
  type CallContext,
  type Endpoint,
} from './rpc.ts';

const channels: MessageChannel[] = [];
function pair() {
  const channel = new MessageChannel();
  channels.push(channel);
  channel.port1.start();
  channel.port2.start();
  return [channel.port1 as unknown as Endpoint, channel.port2 as unknown as Endpoint] as const;
}
afterEach(() => {
  for (const c of channels.splice(0)) {
    c.port1.close();
    c.port2.close();
  }
});

class FileError extends Error {
  constructor(
    message: string,
    readonly fileName: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

const api = {
  add: ({ a, b }: { a: number; b: number }) => a + b,
  fill: ({ length }: { length: number }) => {
    const bytes = new Uint8Array(length).fill(7);
    return transfer({ bytes: bytes.buffer }, [bytes.buffer]);
  },
  fail: () => {
    throw new FileError('not a TIFF file', 'photo.png');
  },
  slow: async (_: unknown, context: CallContext) => {
    for (let i = 0; i < 100; i++) {
      context.progress('waiting', i / 100);
      await new Promise((r) => setTimeout(r, 5));
      if (context.signal.aborted) throw new Error('stopped');
    }
    return 'finished';
  },
};

describe('worker protocol', () => {
  it('answers typed calls and moves transferred buffers', async () => {
    const [workerSide, appSide] = pair();
    exposeApi(api, workerSide);
    const remote = connectApi<typeof api>(appSide);
    await expect(remote.call('add', { a: 2, b: 3 })).resolves.toBe(5);
    const { bytes } = await remote.call('fill', { length: 16 });
    expect(new Uint8Array(bytes)).toEqual(new Uint8Array(16).fill(7));
  });

  it('sends errors back as messages with their details', async () => {
    const [workerSide, appSide] = pair();
    exposeApi(api, workerSide);
    const remote = connectApi<typeof api>(appSide);
    const error = await remote.call('fail', undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).message).toBe('not a TIFF file');
    expect((error as RemoteError).name).toBe('FileError');
    expect((error as RemoteError).details.fileName).toBe('photo.png');
  });

  it('reports progress and cancels a running call', async () => {
    const [workerSide, appSide] = pair();
    exposeApi(api, workerSide);
    const remote = connectApi<typeof api>(appSide);
    const controller = new AbortController();
    const stages: number[] = [];
    const running = remote.call('slow', undefined, {
      signal: controller.signal,
      onProgress: (_, fraction) => {
        stages.push(fraction);
        if (fraction >= 0.05) controller.abort(new Error('user cancelled'));
      },
    });
    await expect(running).rejects.toThrow('user cancelled');
    expect(stages.length).toBeGreaterThan(0);
    expect(Math.max(...stages)).toBeLessThan(0.5);
  });
});
