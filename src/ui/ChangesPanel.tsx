import { useState } from 'react';
import type { ThresholdChoice } from '../core/change/detect-changes.ts';
import type { SiteChanges } from './change-client.ts';

export interface DetectionRequest {
  readonly threshold: ThresholdChoice;
  readonly minAreaSquareMetres: number;
  readonly align: boolean;
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
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 2 });

/** "Detect changes": threshold and minimum area, progress, and what the detector found. */
export function ChangesPanel({ enabled, running, result, error, onDetect, onCancel }: Props) {
  const [mode, setMode] = useState<'auto' | 'otsu' | 'ki' | 'value'>('auto');
  const [value, setValue] = useState('3');
  const [minArea, setMinArea] = useState('20');
  const [align, setAlign] = useState(true);

  const request = (): DetectionRequest => ({
    threshold: mode === 'value' ? Number(value) : mode,
    minAreaSquareMetres: Math.max(0, Number(minArea) || 0),
    align,
  });
  const shift = result?.coregistration;

  return (
    <section className="changes-panel" aria-label="Change detection" data-testid="changes-panel">
      <h3>Change detection</h3>
      <div className="changes-panel__controls">
        <label>
          Threshold
          <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
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
        <label className="changes-panel__check">
          <input type="checkbox" checked={align} onChange={(e) => setAlign(e.target.checked)} />
          Co-register
        </label>
      </div>
      {running ? (
        <div className="changes-panel__running" data-testid="changes-running">
          <p>{running.stage}…</p>
          <progress max={1} value={running.fraction} aria-label="Change detection progress" />
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
