import { afterEach, describe, expect, it } from 'vitest';
import { syntheticGeoImage, syntheticPair } from '../../tests/bench/synthetic-pair.ts';
import type { GeoImage } from '../core/change/detect-changes.ts';
import { changeWorkerApi, type ChangeWorkerApi } from './change-worker-api.ts';
import { connectApi, exposeApi, type Endpoint } from './rpc.ts';

// The real worker functions over an in-process MessageChannel, as the app's Web Worker runs them.
const channels: MessageChannel[] = [];
function endpoints() {
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

const pair = syntheticPair(512, { x: 1.4, y: -0.7 });
const image = (bands: Uint8Array[]): GeoImage => syntheticGeoImage(pair, bands);

describe('change worker API', () => {
  it('prepares once, then re-thresholds the cached score with different options', async () => {
    const [workerSide, appSide] = endpoints();
    exposeApi(changeWorkerApi, workerSide);
    const remote = connectApi<ChangeWorkerApi>(appSide);
    const stages: string[] = [];
    const summary = await remote.call(
      'prepare',
      { before: image(pair.before), after: image(pair.after) },
      { onProgress: (stage: string) => stages.push(stage) },
    );
    expect(pair.newBuildingPixels).toBeGreaterThan(0);
    expect(stages).toContain('coregistration');
    const { x, y } = summary.coregistration.shiftPixels;
    expect(Math.hypot(x - 1.4, y + 0.7)).toBeLessThan(0.1);

    const automatic = await remote.call('detect', { id: summary.id });
    const strict = await remote.call('detect', {
      id: summary.id,
      options: { threshold: 1e6, structureThreshold: 1e6 },
    });
    const colourOnly = await remote.call('detect', {
      id: summary.id,
      options: { structureThreshold: Infinity },
    });
    expect(colourOnly.structure).toBeNull();
    expect(automatic.structure?.threshold).toBe(0.5);
    expect(automatic.mask).toHaveLength(512 * 512);
    expect(automatic.regions.features.length).toBeGreaterThan(0);
    expect(strict.regions.features).toHaveLength(0);
    expect(strict.threshold.method).toBe('user');

    const score = await remote.call('score', { id: summary.id });
    expect(score).toHaveLength(512 * 512);
    await expect(remote.call('release', { id: summary.id })).resolves.toBe(true);
    await expect(remote.call('detect', { id: summary.id })).rejects.toThrow(/run prepare first/);
  });
});
