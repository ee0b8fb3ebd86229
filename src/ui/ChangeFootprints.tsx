import { useEffect, useRef, useState } from 'react';
import type { CompareMap } from '../map/compare-map.ts';
import { pickChangeRegions } from '../map/change-region-picking.ts';
import { footprintGeometryProblems } from '../core/schema/footprint-geometry.ts';
import type { DetectedChange } from '../core/schema/project.ts';
import type { ChangeFootprintShape } from '../state/footprint-actions.ts';
import { footprintFromChange } from './footprint-actions.ts';
import './change-footprints.css';

interface Props {
  readonly map: CompareMap | null;
  readonly changes: readonly DetectedChange[];
  readonly gsdMetres: number | null;
  /** Map clicks pick a change only with the select tool: while drawing a click is a vertex. */
  readonly picking: boolean;
  /** The footprint just made, to select it. */
  readonly onFootprintMade: (footprintId: string) => void;
}

/** Why a change's outline cannot be a footprint (several parts, or it touches itself), or null. */
function outlineProblem(change: DetectedChange): string | null {
  if (change.geometry.type !== 'Polygon')
    return 'This change has several parts: use its rectangle.';
  const [problem] = footprintGeometryProblems(change.geometry.coordinates);
  return problem ? `Its outline cannot be a footprint (${problem}): use its rectangle.` : null;
}

const squareMetres = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** "Make footprint (building 2 of 6, 705 m²)": which candidate, and its own area. */
const percentOf = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 0 });

function candidateLabel(index: number, count: number, areaSquareMetres: number): string {
  const of = count > 1 ? ` of ${count}` : '';
  return `Make footprint (building ${index + 1}${of}, ${squareMetres.format(areaSquareMetres)} m²)`;
}

/**
 * The detected changes of the project, each one click away from a footprint: its oriented
 * rectangle (a building seen from above) or its outline. A click on a region on the map picks it.
 */
export function ChangeFootprints({ map, changes, gsdMetres, picking, onFootprintMade }: Props) {
  const [pickedId, setPickedId] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    if (!map || !picking) return;
    return pickChangeRegions(map.maps.after, (id) => {
      setPickedId(id);
      setProblem(null);
    });
  }, [map, picking]);

  useEffect(() => {
    if (pickedId) {
      list.current
        ?.querySelector(`[data-change-id="${CSS.escape(pickedId)}"]`)
        ?.scrollIntoView({ block: 'nearest' });
    }
  }, [pickedId]);

  if (!changes.length) return null;
  // The largest first: buildings before vehicles and noise.
  const byArea = [...changes].sort((a, b) => (b.areaSquareMetres ?? 0) - (a.areaSquareMetres ?? 0));
  const make = (id: string, shape: ChangeFootprintShape) => {
    const made = footprintFromChange(id, shape, gsdMetres);
    if (made.ok) {
      setProblem(null);
      onFootprintMade(made.id);
    } else setProblem(made.problem);
  };

  return (
    <section
      className="change-footprints"
      aria-label="Detected changes"
      data-testid="change-footprints"
    >
      <h3>Detected changes</h3>
      <p className="change-footprints__hint">Click a region on the map or in the list.</p>
      <ul ref={list} className="change-footprints__list">
        {byArea.map((change) => {
          const picked = change.id === pickedId;
          return (
            <li key={change.id} data-change-id={change.id} data-testid="change-item">
              <button
                type="button"
                className="change-footprints__item"
                aria-expanded={picked}
                onClick={() => setPickedId(picked ? null : change.id)}
              >
                {change.id.replace(/^change-/, 'Region ')} ·{' '}
                {change.areaSquareMetres === null
                  ? 'area unknown'
                  : `${squareMetres.format(change.areaSquareMetres)} m²`}
                {change.structureShare != null && (
                  <span title="Share of the region that became more building-like (structure gain), not only different in colour">
                    {' '}
                    · {percentOf.format(change.structureShare)} structure
                  </span>
                )}
                {change.footprintId ? ' · footprint made' : ''}
              </button>
              {picked && (
                <div className="change-footprints__actions" data-testid="change-actions">
                  {/* The buildings found inside the region, before its own rectangle (which also
                      holds its yard and shadows). */}
                  {change.footprintCandidates?.map((candidate, index, all) => (
                    <button
                      key={index}
                      type="button"
                      onClick={() => make(change.id, { candidate: index })}
                    >
                      {candidateLabel(index, all.length, candidate.areaSquareMetres)}
                    </button>
                  ))}
                  <button type="button" onClick={() => make(change.id, 'orientedRectangle')}>
                    Make footprint (rectangle)
                  </button>
                  <button
                    type="button"
                    disabled={outlineProblem(change) !== null}
                    title={outlineProblem(change) ?? undefined}
                    onClick={() => make(change.id, 'outline')}
                  >
                    Make footprint (outline)
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {problem && (
        <p className="change-footprints__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
