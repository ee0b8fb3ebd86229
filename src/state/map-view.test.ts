import { describe, expect, it } from 'vitest';
import type { MapView } from '../core/schema/project.ts';
import { sameView, viewToShow, type BoundsLonLat } from './map-view.ts';

const demoBounds: BoundsLonLat = [127.49, 39.89, 127.51, 39.91];
const view = (lon: number, lat: number, zoom = 17): MapView => ({
  centre: [lon, lat],
  zoom,
  bearingDegrees: 0,
  pitchDegrees: 0,
});

describe('the map view of a project', () => {
  it('shows the saved view when it looks at the images, else frames them', () => {
    expect(viewToShow(view(127.5, 39.9), [demoBounds])).toEqual({
      kind: 'saved',
      view: view(127.5, 39.9),
    });
    expect(viewToShow(view(2.35, 48.85), [demoBounds])).toEqual({
      kind: 'fit',
      bounds: demoBounds,
    });
    expect(viewToShow(null, [demoBounds])).toEqual({ kind: 'fit', bounds: demoBounds });
  });

  it('shows a saved view before any image is there, and nothing without either', () => {
    expect(viewToShow(view(127.5, 39.9), [])?.kind).toBe('saved');
    expect(viewToShow(null, [])).toBeNull();
  });

  it('frames both images when one is opened away from the view, and keeps a view on both', () => {
    const austria: BoundsLonLat = [14.0, 47.0, 14.1, 47.1];
    expect(viewToShow(view(127.5, 39.9), [demoBounds, austria])).toEqual({
      kind: 'fit',
      bounds: [14.0, 39.89, 127.51, 47.1],
    });
    const overlapping: BoundsLonLat = [127.495, 39.895, 127.52, 39.92];
    expect(viewToShow(view(127.5, 39.9), [demoBounds, overlapping])?.kind).toBe('saved');
    expect(viewToShow(view(127.515, 39.915), [demoBounds, overlapping])).toEqual({
      kind: 'fit',
      bounds: [127.49, 39.89, 127.52, 39.92],
    });
  });

  it('treats the round-off of a jump as the same view, and a small pan as a new one', () => {
    expect(sameView(view(127.5, 39.9), view(127.5 + 1e-12, 39.9))).toBe(true);
    expect(sameView(view(127.5, 39.9), view(127.5001, 39.9))).toBe(false);
    expect(sameView(view(127.5, 39.9), view(127.5, 39.9, 17.5))).toBe(false);
    expect(sameView(null, null)).toBe(true);
    expect(sameView(view(127.5, 39.9), null)).toBe(false);
  });
});
