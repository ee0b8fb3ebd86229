import { useState } from 'react';
import type { ThresholdChoice } from '../core/change/detect-changes.ts';
import { defaultDetectOptions } from '../core/change/detect-defaults.ts';
import type { SiteChanges } from './change-client.ts';
import { detectionProgress } from '../core/change/detection-progress.ts';

export interface DetectionRequest {
  readonly threshold: ThresholdChoice;
  readonly minAreaSquareMetres: number;
  /** Structure gain above which a place counts as a new structure; null = colour change only. */
  readonly structureThreshold: number | null;
  /** Leave places vegetated on the after date out (when after has a near-infrared band). */
  readonly excludeVegetation: boolean;
  readonly align: boolean;
  /** A shift set by hand, in analysis (before) pixels; replaces the estimate. */
  readonly manualShiftPixels?: { readonly x: number; readonly y: number };
}

interface Props {
  readonly enabled: boolean;
  readonly running: { readonly stage: string; readonly fraction: number } | null;
  readonly result: SiteChanges | null;
  readonly error: string | null;
  readonly onDetect: (request: DetectionRequest) => void;
  readonly onCancel: () => void;
}

const format = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
const round = (pixels: number) => String(Math.round(pixels * 100) / 100);
/** One press of a nudge arrow moves the after image this far, in pixels. */
const nudgeStepPixels = 0.25;
const nudges = [
  { direction: 'left', glyph: '←', x: -1, y: 0 },
  { direction: 'up', glyph: '↑', x: 0, y: -1 },
  { direction: 'down', glyph: '↓', x: 0, y: 1 },
  { direction: 'right', glyph: '→', x: 1, y: 0 },
] as const;
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 2 });

/** A labelled checkbox of the panel's options. */
function Check(props: {
  readonly label: string;
  readonly title?: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
}) {
  return (
    <label className="changes-panel__check" title={props.title}>
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

/** "Detect changes": threshold and minimum area, progress, and what the detector found. */
export function ChangesPanel({ enabled, running, result, error, onDetect, onCancel }: Props) {
  const [mode, setMode] = useState<'auto' | 'otsu' | 'ki' | 'value'>('auto');
  const [value, setValue] = useState('3');
  const [minArea, setMinArea] = useState('20');
  const [structures, setStructures] = useState(true);
  const [structureValue, setStructureValue] = useState(
    String(defaultDetectOptions.structureThreshold),
  );
  const [vegetation, setVegetation] = useState<boolean>(defaultDetectOptions.excludeVegetation);
  const [align, setAlign] = useState(true);
  const [byHand, setByHand] = useState(false);
  const [nudge, setNudge] = useState({ x: '0', y: '0' });
  const shift = result?.coregistration;
  const progress = running ? detectionProgress(running.stage, running.fraction) : null;

  const nudgePixels = { x: Number(nudge.x) || 0, y: Number(nudge.y) || 0 };
  const request = (): DetectionRequest => ({
    threshold: mode === 'value' ? Number(value) : mode,
    minAreaSquareMetres: Math.max(0, Number(minArea) || 0),
    structureThreshold: structures
      ? Number(structureValue) > 0
        ? Number(structureValue)
        : defaultDetectOptions.structureThreshold
      : null,
    excludeVegetation: vegetation,
    align,
    ...(align && byHand ? { manualShiftPixels: nudgePixels } : {}),
  });
  const step = (dx: number, dy: number) =>
    setNudge({ x: round(nudgePixels.x + dx), y: round(nudgePixels.y + dy) });
  const startFromEstimate = () => {
    if (shift) setNudge({ x: round(shift.shiftPixels.x), y: round(shift.shiftPixels.y) });
  };

  return (
    <section className="changes-panel" aria-label="Change detection" data-testid="changes-panel">
      <h3>Change detection</h3>
      <div className="changes-panel__controls">
        <label>
          Threshold
          <select
            aria-label="Threshold method"
            value={mode}
            onChange={(e) => setMode(e.target.value as typeof mode)}
          >
            <option value="auto">automatic</option>
            <option value="otsu">Otsu</option>
            <option value="ki">Kittler–Illingworth</option>
            <option value="value">value…</option>
          </select>
        </label>
        {mode === 'value' && (
          <input
            type="number"
            step="0.1"
            aria-label="Threshold value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        )}
        <label>
          Min. area (m²)
          <input
            type="number"
            min={0}
            step={1}
            value={minArea}
            onChange={(e) => setMinArea(e.target.value)}
          />
        </label>
        <Check
          label="New structures"
          title="Also flag places that became more building-like (brighter compact objects, 8–60 m), whatever their colour did"
          checked={structures}
          onChange={setStructures}
        />
        {structures && (
          <input
            type="number"
            step="0.1"
            min={0.1}
            aria-label="Structure gain threshold"
            value={structureValue}
            onChange={(e) => setStructureValue(e.target.value)}
          />
        )}
        <Check
          label="Leave out vegetation"
          title="Leave out places the after image shows as vegetation (NDVI above 0.2, from its near-infrared band): trees that turned colour, grass under a moved shadow"
          checked={vegetation}
          onChange={setVegetation}
        />
        <Check label="Co-register" checked={align} onChange={setAlign} />
      </div>
      {align && (
        <fieldset className="changes-panel__shift" aria-label="Co-registration shift">
          <label className="changes-panel__check">
            <input
              type="radio"
              name="shift-source"
              checked={!byHand}
              onChange={() => setByHand(false)}
            />
            Estimate the shift
          </label>
          <label className="changes-panel__check">
            <input
              type="radio"
              name="shift-source"
              checked={byHand}
              onChange={() => setByHand(true)}
            />
            Set it by hand
          </label>
          {byHand && (
            <div className="changes-panel__nudge">
              <label>
                across (px)
                <input
                  type="number"
                  step={0.05}
                  aria-label="Shift across, pixels"
                  value={nudge.x}
                  onChange={(e) => setNudge({ ...nudge, x: e.target.value })}
                />
              </label>
              <label>
                down (px)
                <input
                  type="number"
                  step={0.05}
                  aria-label="Shift down, pixels"
                  value={nudge.y}
                  onChange={(e) => setNudge({ ...nudge, y: e.target.value })}
                />
              </label>
              <span className="changes-panel__arrows">
                {nudges.map(({ direction, glyph, x, y }) => (
                  <button
                    key={direction}
                    type="button"
                    aria-label={`Nudge ${direction}`}
                    onClick={() => step(x * nudgeStepPixels, y * nudgeStepPixels)}
                  >
                    {glyph}
                  </button>
                ))}
              </span>
              <button type="button" disabled={!shift} onClick={startFromEstimate}>
                Start from the last shift
              </button>
              <p className="changes-panel__hint">
                How far the after image&apos;s content lies right of and below the before
                image&apos;s, in before pixels (the estimate reports the same). Each arrow changes
                it by {nudgeStepPixels} px.
              </p>
            </div>
          )}
        </fieldset>
      )}
      {running ? (
        <div className="changes-panel__running" data-testid="changes-running">
          <p>{progress?.label}…</p>
          <progress max={1} value={progress?.fraction} aria-label="Change detection progress" />
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="changes-panel__run"
          disabled={!enabled}
          onClick={() => onDetect(request())}
        >
          Detect changes
        </button>
      )}
      {error && (
        <p className="changes-panel__error" role="alert">
          {error}
        </p>
      )}
      {result && shift && (
        <dl className="changes-panel__result" data-testid="changes-result">
          <div className="metadata__row">
            <dt>Regions</dt>
            <dd data-testid="changes-count">{result.regions.features.length}</dd>
          </div>
          <div className="metadata__row">
            <dt>Changed</dt>
            <dd>{percent.format(result.changedFraction)} of the overlap</dd>
          </div>
          <div className="metadata__row">
            <dt>Threshold</dt>
            <dd>
              {format.format(result.threshold.value)} ({result.threshold.method})
            </dd>
          </div>
          <div className="metadata__row">
            <dt>New structures</dt>
            <dd data-testid="changes-structure">
              {result.structure
                ? `gain above ${format.format(result.structure.threshold)}: ${percent.format(result.structure.fraction)} of the overlap`
                : 'off'}
            </dd>
          </div>
          <div className="metadata__row">
            <dt>Relit buildings</dt>
            <dd
              data-testid="changes-relit"
              title="Regions whose only evidence is structure gain on a structure that stood there before (another sun lighting another roof face) are left out"
            >
              {result.relitRegions
                ? `${result.relitRegions.count} ${result.relitRegions.count === 1 ? 'region' : 'regions'} left out (${format.format(Math.round(result.relitRegions.areaSquareMetres))} m²)`
                : 'off'}
            </dd>
          </div>
          <div className="metadata__row">
            <dt>Vegetation</dt>
            <dd data-testid="changes-vegetation">
              {result.vegetation
                ? `NDVI above ${format.format(result.vegetation.ndviThreshold)} on the after date: ${percent.format(result.vegetation.fraction)} of the overlap, ${percent.format(result.vegetation.excludedFraction)} left out of the change`
                : vegetation
                  ? 'not masked (the after image has no near-infrared band)'
                  : 'off'}
            </dd>
          </div>
          <div className="metadata__row">
            <dt>Shift</dt>
            <dd data-testid="changes-shift">
              {shift.manual ? 'set by hand: ' : ''}
              {format.format(shift.shiftPixels.x)} px across, {format.format(shift.shiftPixels.y)}{' '}
              px down ({format.format(shift.shiftMetres.x)} m, {format.format(shift.shiftMetres.y)}{' '}
              m); confidence {percent.format(shift.confidence)}
            </dd>
          </div>
        </dl>
      )}
    </section>
  );
}
