import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createCompareMap, type CompareMap, type ImageLayer } from '../map/compare-map.ts';
import { SwipeDivider } from './SwipeDivider.tsx';

interface Props {
  readonly before: ImageLayer | null;
  readonly after: ImageLayer | null;
  readonly beforeLabel: string;
  readonly afterLabel: string;
  /** Where to frame the view when the images shown change. */
  readonly initialBounds: [number, number, number, number] | null;
  readonly onMapReady?: (map: CompareMap) => void;
}

/** Before and after on two synchronised maps with a swipe divider and a date label on each side. */
export function CompareView({
  before,
  after,
  beforeLabel,
  afterLabel,
  initialBounds,
  onMapReady,
}: Props) {
  const beforeRef = useRef<HTMLDivElement>(null);
  const afterRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<CompareMap | null>(null);
  const [divider, setDivider] = useState(0.5);
  const framedBounds = useRef<string | null>(null);

  useEffect(() => {
    if (!beforeRef.current || !afterRef.current) return;
    const created = createCompareMap({ before: beforeRef.current, after: afterRef.current });
    setMap(created);
    return () => {
      created.destroy();
      setMap(null);
    };
  }, []);

  useEffect(() => {
    if (map) onMapReady?.(map);
  }, [map, onMapReady]);

  useEffect(() => map?.setImage('before', before), [map, before]);
  useEffect(() => map?.setImage('after', after), [map, after]);
  // Before paint, so the clip follows the handle in the same frame.
  useLayoutEffect(() => map?.setDivider(divider), [map, divider]);
  useEffect(() => {
    // Frame the images whenever a different pair is shown, not on every render.
    const key = initialBounds && JSON.stringify(initialBounds);
    if (!map || !initialBounds || framedBounds.current === key) return;
    framedBounds.current = key;
    map.fitBounds(initialBounds);
  }, [map, initialBounds]);

  return (
    <div className="compare-view" data-testid="compare-view">
      <div ref={afterRef} className="compare-view__map" data-testid="map-after" />
      <div ref={beforeRef} className="compare-view__map" data-testid="map-before" />
      <div className="compare-view__label compare-view__label--before" data-testid="label-before">
        Before · {beforeLabel}
      </div>
      <div className="compare-view__label compare-view__label--after" data-testid="label-after">
        After · {afterLabel}
      </div>
      <SwipeDivider position={divider} onChange={setDivider} />
    </div>
  );
}
