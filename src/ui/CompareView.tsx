import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createCompareMap, type CompareMap, type ImageLayer } from '../map/compare-map.ts';
import { showView, watchView } from '../map/map-view.ts';
import { sameView, viewToShow, type BoundsLonLat } from '../state/map-view.ts';
import { projectStore, useProject } from './project-store.ts';
import { SwipeDivider } from './SwipeDivider.tsx';

interface Props {
  readonly before: ImageLayer | null;
  readonly after: ImageLayer | null;
  readonly beforeLabel: string;
  readonly afterLabel: string;
  /** The shown images' lon/lat bounds: framed when they change, unless the saved view shows them. */
  readonly imageBounds: readonly BoundsLonLat[];
  readonly onMapReady?: (map: CompareMap) => void;
}

/**
 * Before and after on two synchronised maps with a swipe divider and a date label on each side.
 * The view is kept in the project (not as an undoable edit) and shown again when it is reopened.
 */
export function CompareView({
  before,
  after,
  beforeLabel,
  afterLabel,
  imageBounds,
  onMapReady,
}: Props) {
  const beforeRef = useRef<HTMLDivElement>(null);
  const afterRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<CompareMap | null>(null);
  const [divider, setDivider] = useState(0.5);
  const framed = useRef<{ projectId: string; bounds: string | null } | null>(null);
  const { project } = useProject();

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
    // Frame the view when another project or another pair of images is shown, not on every
    // render nor when the view saved below comes back from the store.
    const bounds = JSON.stringify(imageBounds);
    if (!map) return;
    if (framed.current?.projectId === project.id && framed.current.bounds === bounds) return;
    framed.current = { projectId: project.id, bounds };
    const shown = viewToShow(project.view, imageBounds);
    if (shown?.kind === 'saved') showView(map, shown.view);
    else if (shown?.kind === 'fit') map.fitBounds([...shown.bounds]);
  }, [map, imageBounds, project.id, project.view]);
  useEffect(() => {
    if (!map) return;
    return watchView(map, (view) => {
      if (sameView(projectStore.getSnapshot().project.view, view)) return;
      projectStore.dispatch({ type: 'setView', view }, { record: false });
    });
  }, [map]);

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
