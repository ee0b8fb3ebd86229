import { useMemo, useRef, useState } from 'react';
import type { Polygon } from 'geojson';
import {
  measureFootprint,
  type FootprintMeasurement,
} from '../core/measure/footprint-measurement.ts';
import { observedOnValues, type Footprint } from '../core/schema/footprint.ts';
import { ROTATE_MODIFIER, type FootprintTool } from '../map/footprint-drawing.ts';
import { CommitField } from './CommitField.tsx';
import { ColourField } from './FootprintsColourField.tsx';
import { CategoriesEditor, ProjectNotes } from './FootprintsProjectSections.tsx';
import './footprints.css';
import type { Project } from '../core/schema/project.ts';
import { compareProjectFootprints, footprintMeasurement } from '../state/footprint-measurements.ts';
import {
  deleteFootprint,
  exportFootprints,
  importFootprints,
  updateFootprint,
  type ImportOutcome,
} from './footprint-actions.ts';

interface Props {
  readonly project: Project;
  readonly selectedId: string | null;
  readonly tool: FootprintTool;
  readonly sketch: Polygon | null;
  readonly gsdMetres: number | null;
  readonly rightAngles: boolean;
  readonly onTool: (tool: FootprintTool) => void;
  readonly onRightAngles: (on: boolean) => void;
  readonly onSelect: (id: string | null) => void;
}

const TOOLS: { tool: FootprintTool; label: string; key: string }[] = [
  { tool: 'select', label: 'Select', key: 'V' },
  { tool: 'rotatedRectangle', label: 'Building', key: 'B' },
  { tool: 'rectangle', label: 'Rectangle', key: 'R' },
  { tool: 'polygon', label: 'Polygon', key: 'P' },
];

const metres = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const squareMetres = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

const areaRangeText = (m: FootprintMeasurement) =>
  m.areaRange
    ? `${squareMetres.format(m.areaRange.minimumSquareMetres)}–${squareMetres.format(m.areaRange.maximumSquareMetres)} m²`
    : null;
const dimensionsText = (m: FootprintMeasurement) =>
  `${metres.format(m.lengthMetres)} × ${metres.format(m.widthMetres)} m · perimeter ${metres.format(m.perimeterMetres)} m`;

function describe(m: FootprintMeasurement): string {
  const range = m.areaRange ? ` (${areaRangeText(m)?.replace(' m²', '')})` : '';
  return `${squareMetres.format(m.areaSquareMetres)} m²${range} · ${dimensionsText(m)}`;
}

function measured(measure: () => FootprintMeasurement): FootprintMeasurement | null {
  try {
    return measure();
  } catch {
    return null;
  }
}

/** Footprints: drawing tools, the list with measurements, annotation, comparison, import/export. */
export function FootprintsPanel(props: Props) {
  const { selectedId, sketch } = props;
  const { footprints, categories } = props.project;
  const measurements = useMemo(
    () => new Map(footprints.map((f) => [f.id, measured(() => footprintMeasurement(f))])),
    [footprints],
  );
  const sketchMeasurement = useMemo(
    () =>
      sketch ? measured(() => measureFootprint(sketch, { gsdMetres: props.gsdMetres })) : null,
    [sketch, props.gsdMetres],
  );
  const selected = footprints.find((f) => f.id === selectedId) ?? null;
  const [compareWith, setCompareWith] = useState<string>('');
  const [importResult, setImportResult] = useState<ImportOutcome | null>(null);
  const importInput = useRef<HTMLInputElement>(null);

  const other = footprints.find((f) => f.id === compareWith && f.id !== selectedId) ?? null;
  const comparison = useMemo(
    () =>
      selected && other ? compareProjectFootprints(props.project, selected.id, other.id) : null,
    [props.project, selected, other],
  );

  return (
    <section className="footprints" aria-label="Footprints" data-testid="footprints-panel">
      <h3>Footprints</h3>
      <div className="footprints__tools" role="toolbar" aria-label="Drawing tools">
        {TOOLS.map(({ tool, label, key }) => (
          <button
            key={tool}
            type="button"
            aria-pressed={props.tool === tool}
            title={`${label} (${key})`}
            onClick={() => props.onTool(tool)}
          >
            {label}
          </button>
        ))}
      </div>
      {props.tool === 'polygon' && (
        <label className="footprints__right-angles">
          <input
            type="checkbox"
            checked={props.rightAngles}
            onChange={(e) => props.onRightAngles(e.target.checked)}
          />
          Right angles (each edge turns by 90°)
        </label>
      )}
      {sketchMeasurement && (
        <p className="footprints__sketch" data-testid="sketch-measurement">
          Drawing: {describe(sketchMeasurement)}
        </p>
      )}
      <ul className="footprints__list">
        {footprints.map((footprint) => {
          const m = measurements.get(footprint.id);
          return (
            <li key={footprint.id}>
              <button
                type="button"
                className="footprints__item"
                aria-current={footprint.id === selectedId}
                data-testid="footprint-item"
                onClick={() => props.onSelect(footprint.id)}
              >
                <span className="footprints__swatch" style={{ background: footprint.colour }} />
                <span className="footprints__label">{footprint.label || 'Unlabelled'}</span>
                <span className="footprints__area">
                  {m ? `${squareMetres.format(m.areaSquareMetres)} m²` : '—'}
                </span>
                {m && (
                  <span className="footprints__dimensions" data-testid="footprint-dimensions">
                    {[areaRangeText(m), dimensionsText(m)].filter(Boolean).join(' · ')}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
      {selected && (
        <div className="footprints__editor" data-testid="footprint-editor">
          <label>
            Label
            <CommitField
              key={`label-${selected.id}`}
              value={selected.label}
              onCommit={(label) => updateFootprint(selected.id, { label })}
            />
          </label>
          <label>
            Category
            <select
              value={selected.category}
              onChange={(e) => updateFootprint(selected.id, { category: e.target.value })}
            >
              {[...new Set([...categories, selected.category])].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </label>
          <label>
            Seen on
            <select
              value={selected.observedOn}
              onChange={(e) =>
                updateFootprint(selected.id, {
                  observedOn: e.target.value as Footprint['observedOn'],
                })
              }
            >
              {observedOnValues.map((v) => (
                <option key={v}>{v}</option>
              ))}
            </select>
          </label>
          <label>
            Colour
            <ColourField
              key={`colour-${selected.id}`}
              value={selected.colour}
              onCommit={(colour) => updateFootprint(selected.id, { colour })}
            />
          </label>
          <label className="footprints__note">
            Note
            <CommitField
              key={`note-${selected.id}`}
              multiline
              value={selected.note}
              onCommit={(note) => updateFootprint(selected.id, { note })}
            />
          </label>
          <p data-testid="footprint-measurement">
            {measurements.get(selected.id)
              ? describe(measurements.get(selected.id)!)
              : 'Cannot measure this outline.'}
          </p>
          <p className="footprints__times">
            Created {selected.createdAt.slice(0, 16).replace('T', ' ')} · modified{' '}
            {selected.modifiedAt.slice(0, 16).replace('T', ' ')}
          </p>
          <label>
            Compare with
            <select value={compareWith} onChange={(e) => setCompareWith(e.target.value)}>
              <option value="">—</option>
              {footprints
                .filter((f) => f.id !== selected.id)
                .map((f) => (
                  <option key={f.id} value={f.id}>
                    {f.label || 'Unlabelled'}
                  </option>
                ))}
            </select>
          </label>
          {comparison && (
            <div className="footprints__comparison">
              <p data-testid="comparison-sentence">{comparison.sentence}</p>
              <button
                type="button"
                onClick={() => void navigator.clipboard?.writeText(comparison.sentence)}
              >
                Copy sentence
              </button>
            </div>
          )}
          <button type="button" onClick={() => deleteFootprint(selected.id)}>
            Delete footprint
          </button>
        </div>
      )}
      <div className="footprints__files">
        <button
          type="button"
          onClick={() => exportFootprints('geojson')}
          disabled={!footprints.length}
        >
          Export GeoJSON
        </button>
        <button type="button" onClick={() => exportFootprints('kml')} disabled={!footprints.length}>
          Export KML
        </button>
        <button type="button" onClick={() => importInput.current?.click()}>
          Import…
        </button>
        <input
          ref={importInput}
          type="file"
          hidden
          accept=".geojson,.json,.kml"
          data-testid="import-footprints"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) setImportResult(await importFootprints(file, props.gsdMetres));
          }}
        />
      </div>
      {importResult && !importResult.ok && (
        <div className="footprints__import-error" role="alert" data-testid="import-error">
          <p>Nothing was imported. The file has these problems:</p>
          <ul>
            {importResult.problems.map((problem, i) => (
              <li key={i}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {importResult?.ok && <p role="status">Imported {importResult.count} footprints.</p>}
      <CategoriesEditor project={props.project} />
      <ProjectNotes project={props.project} />
      <details className="footprints__shortcuts">
        <summary>Keyboard shortcuts</summary>
        <dl>
          <dt>V / B / R / P</dt>
          <dd>Select, building (three clicks), rectangle, polygon</dd>
          <dt>Enter</dt>
          <dd>Finish a polygon (or double-click, or click its first corner)</dd>
          <dt>Escape</dt>
          <dd>Cancel the shape being drawn</dd>
          <dt>Ctrl/Cmd+Z</dt>
          <dd>Undo (the last vertex while drawing)</dd>
          <dt>Ctrl/Cmd+Shift+Z</dt>
          <dd>Redo</dd>
          <dt>Ctrl/Cmd+Y</dt>
          <dd>Redo</dd>
          <dt>Drag</dt>
          <dd>Move the selected footprint, or one of its corners</dd>
          <dt>{ROTATE_MODIFIER}+drag</dt>
          <dd>Rotate the selected footprint</dd>
          <dt>← ↑ → ↓</dt>
          <dd>Nudge the selected footprint by one image pixel (Shift: ten)</dd>
          <dt>Delete</dt>
          <dd>Delete the selected footprint</dd>
          <dt>← → (divider focused)</dt>
          <dd>Move the swipe divider</dd>
        </dl>
      </details>
    </section>
  );
}
