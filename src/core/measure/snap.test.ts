import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { snapToOutlines, type ToScreen } from './snap.ts';

// A map at about zoom 19 near the demo site: 1 pixel is 1e-6 degrees, y grows southwards.
const toScreen: ToScreen = ([lon, lat]) => ({ x: (lon - 127.5) * 1e6, y: (39.9 - lat) * 1e6 });
const at = (x: number, y: number): Position => [127.5 + x / 1e6, 39.9 - y / 1e6];
// A square from (100, 100) to (200, 200) on screen, closed.
const square = [[at(100, 100), at(200, 100), at(200, 200), at(100, 200), at(100, 100)]];

describe('snapping to other footprints', () => {
  it('snaps to a vertex within the tolerance, exactly', () => {
    const snapped = snapToOutlines(at(203, 198), [square], toScreen, 8);
    expect(snapped.target).toBe('vertex');
    expect(snapped.position).toEqual(at(200, 200));
  });

  it('prefers a vertex to a nearer edge', () => {
    // 1 px from the top edge, 6 px from its corner.
    const snapped = snapToOutlines(at(194, 101), [square], toScreen, 8);
    expect(snapped).toEqual({ position: at(200, 100), target: 'vertex' });
  });

  it('snaps to the foot of the perpendicular on the nearest edge, on the lon/lat segment', () => {
    const snapped = snapToOutlines(at(150, 95), [square], toScreen, 8);
    expect(snapped.target).toBe('edge');
    const [lon, lat] = snapped.position;
    expect(lat).toBe(square[0][0][1]);
    expect(toScreen([lon, lat]).x).toBeCloseTo(150, 6);
  });

  it('snaps to a slanted edge of another outline, on the line between its ends', () => {
    const slanted = [[at(0, 0), at(300, 100), at(0, 100)]];
    const snapped = snapToOutlines(at(150, 45), [square, slanted], toScreen, 8);
    expect(snapped.target).toBe('edge');
    const [a, b] = [slanted[0][0], slanted[0][1]];
    const cross =
      (b[0] - a[0]) * (snapped.position[1] - a[1]) - (b[1] - a[1]) * (snapped.position[0] - a[0]);
    expect(Math.abs(cross)).toBeLessThan(1e-15);
    const p = toScreen(snapped.position);
    // The foot of the perpendicular from (150, 45) onto y = x / 3.
    expect(p.x).toBeCloseTo(148.5, 6);
    expect(p.y).toBeCloseTo(49.5, 6);
  });

  it('leaves the cursor alone beyond the tolerance, and past the ends of an edge', () => {
    expect(snapToOutlines(at(150, 90), [square], toScreen, 8)).toEqual({
      position: at(150, 90),
      target: null,
    });
    // Beyond the square's corner along the top edge's line: the corner is 10 px away.
    expect(snapToOutlines(at(210, 100), [square], toScreen, 8).target).toBeNull();
    expect(snapToOutlines(at(150, 150), [], toScreen, 8).target).toBeNull();
  });

  it('picks the nearer of two edges', () => {
    const snapped = snapToOutlines(at(150, 196), [square], toScreen, 8);
    expect(toScreen(snapped.position).y).toBeCloseTo(200, 6);
  });
});
