import { useEffect, useState } from 'react';
import { effectiveInterpretation } from '../core/change/band-matching.ts';
import {
  colourRampNames,
  colourRampTable,
  type ColourRampName,
} from '../core/raster/colour-ramp.ts';
import {
  compositeBands,
  compositePresets,
  describeComposite,
  type DisplayComposite,
} from '../core/raster/display-bands.ts';
import type { BandStretch, DisplayStretch } from '../core/raster/stretch.ts';
import type { ImageSummary, TileDisplay } from '../workers/imagery-api.ts';
import { imageryWorker } from './imagery-client.ts';
import './display.css';

interface Props {
  readonly side: 'before' | 'after';
  readonly summary: ImageSummary;
  readonly display: TileDisplay;
  readonly onChange: (display: TileDisplay) => void;
}

type CompositeMode = 'true' | 'false' | 'three' | 'single';

/** The percentile pairs offered; min–max is the 0–100 pair. */
const percentilePairs: readonly { label: string; low: number; high: number }[] = [
  { label: '2–98 %', low: 2, high: 98 },
  { label: '0.5–99.5 %', low: 0.5, high: 99.5 },
  { label: 'Min–max', low: 0, high: 100 },
];

const limitFormat = new Intl.NumberFormat('en-GB', {
  maximumSignificantDigits: 5,
  useGrouping: false,
});

function bandLabel(summary: ImageSummary, band: number): string {
  const info = summary.info.bands[band];
  const name = info.description?.trim() || effectiveInterpretation(info.colorInterpretation, null);
  return `${band + 1} · ${name}`;
}

/** The ramp as a CSS gradient, for the legend under a one-band display. */
function rampGradient(name: ColourRampName): string {
  const table = colourRampTable(name);
  const stops = [0, 32, 64, 96, 128, 160, 192, 224, 255].map(
    (v) => `rgb(${table[v * 3]} ${table[v * 3 + 1]} ${table[v * 3 + 2]}) ${(v / 255) * 100}%`,
  );
  return `linear-gradient(to right, ${stops.join(', ')})`;
}

function modeOf(composite: DisplayComposite, summary: ImageSummary): CompositeMode {
  if (composite.kind === 'single') return 'single';
  const presets = compositePresets(summary.info.bands);
  const is = (preset: readonly number[] | null) =>
    preset !== null && composite.bands.every((b, i) => b === preset[i]);
  if (is(presets.trueColour)) return 'true';
  if (is(presets.falseColour)) return 'false';
  return 'three';
}

function BandSelect(props: {
  text: string;
  label: string;
  summary: ImageSummary;
  value: number;
  onChange: (band: number) => void;
}) {
  return (
    <label>
      {props.text}
      <select
        aria-label={props.label}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
      >
        {props.summary.info.bands.map((_, band) => (
          <option key={band} value={band}>
            {bandLabel(props.summary, band)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A number typed by hand, committed on Enter or blur so that each edit re-renders tiles once. */
function LimitField(props: { label: string; value: number; onCommit: (value: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    const value = draft === null ? NaN : Number(draft);
    if (draft !== null && Number.isFinite(value) && value !== props.value) props.onCommit(value);
    setDraft(null);
  };
  return (
    <input
      type="number"
      aria-label={props.label}
      value={draft ?? limitFormat.format(props.value)}
      onChange={(event) => setDraft(event.target.value)}
      onBlur={commit}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit();
        if (event.key === 'Escape') setDraft(null);
      }}
    />
  );
}

/** Band-to-RGB choice and contrast stretch of one image. */
export function DisplayControls({ side, summary, display, onChange }: Props) {
  const title = side === 'before' ? 'Before' : 'After';
  const presets = compositePresets(summary.info.bands);
  const [mode, setMode] = useState<CompositeMode>(() => modeOf(display.composite, summary));
  const [limits, setLimits] = useState<BandStretch[] | null>(null);
  const { composite, stretch } = display;
  const shownBands = compositeBands(composite);

  useEffect(() => {
    let current = true;
    imageryWorker()
      .call('stretchLimits', { imageId: summary.imageId, stretch })
      .then(
        (result) => current && setLimits(result),
        () => current && setLimits(null),
      );
    return () => {
      current = false;
    };
  }, [summary.imageId, stretch]);

  const setComposite = (next: DisplayComposite) => onChange({ composite: next, stretch });
  const setStretch = (next: DisplayStretch) => onChange({ composite, stretch: next });
  const rgbBands = composite.kind === 'rgb' ? composite.bands : ([0, 0, 0] as const);
  const singleBand = composite.kind === 'single' ? composite.band : (shownBands[0] ?? 0);
  const ramp: ColourRampName = composite.kind === 'single' ? composite.ramp : 'greys';

  const chooseMode = (next: CompositeMode) => {
    setMode(next);
    if (next === 'true' && presets.trueColour) {
      setComposite({ kind: 'rgb', bands: presets.trueColour });
    } else if (next === 'false' && presets.falseColour) {
      setComposite({ kind: 'rgb', bands: presets.falseColour });
    } else if (next === 'single') {
      setComposite({ kind: 'single', band: singleBand, ramp });
    } else if (next === 'three' && composite.kind === 'single') {
      const band = composite.band;
      setComposite({ kind: 'rgb', bands: [band, band, band] });
    }
  };

  const stretchMode = stretch.manual
    ? 'manual'
    : String(
        percentilePairs.findIndex(
          (p) => p.low === stretch.lowPercent && p.high === stretch.highPercent,
        ),
      );
  const chooseStretch = (value: string) => {
    if (value === 'manual') {
      // Start from the limits in use, so that only the band edited changes.
      if (limits) setStretch({ ...stretch, manual: limits });
      return;
    }
    const pair = percentilePairs[Number(value)];
    setStretch({ lowPercent: pair.low, highPercent: pair.high });
  };
  const setManualLimit = (band: number, edge: 'min' | 'max', value: number) => {
    const manual = [...(stretch.manual ?? limits ?? [])];
    const base = manual[band] ?? limits?.[band];
    if (!base) return;
    manual[band] = { ...base, [edge]: value };
    setStretch({ ...stretch, manual });
  };

  return (
    <section
      className={`display-controls display-controls--${side}`}
      data-testid={`display-${side}`}
      aria-label={`${title} display`}
    >
      <h3>{title} display</h3>
      <p className="display-controls__summary" data-testid={`display-${side}-summary`}>
        {describeComposite(composite, summary.info.bands)}
      </p>
      <div className="display-controls__row">
        <label>
          Bands
          <select
            aria-label={`${title} bands`}
            value={mode}
            onChange={(event) => chooseMode(event.target.value as CompositeMode)}
          >
            {presets.trueColour && <option value="true">True colour</option>}
            {presets.falseColour && <option value="false">False colour (NIR, R, G)</option>}
            <option value="three">Three bands…</option>
            <option value="single">One band, colour ramp…</option>
          </select>
        </label>
      </div>
      {mode === 'three' && composite.kind === 'rgb' && (
        <div className="display-controls__row">
          {(['Red', 'Green', 'Blue'] as const).map((channel, c) => (
            <BandSelect
              key={channel}
              text={channel[0]}
              label={`${title} ${channel.toLowerCase()} band`}
              summary={summary}
              value={rgbBands[c]}
              onChange={(band) => {
                const bands: [number, number, number] = [...composite.bands];
                bands[c] = band;
                setComposite({ kind: 'rgb', bands });
              }}
            />
          ))}
        </div>
      )}
      {composite.kind === 'single' && (
        <div className="display-controls__row">
          <BandSelect
            text="Band"
            label={`${title} band`}
            summary={summary}
            value={composite.band}
            onChange={(band) => setComposite({ ...composite, band })}
          />
          <label>
            Ramp
            <select
              aria-label={`${title} colour ramp`}
              value={composite.ramp}
              onChange={(event) =>
                setComposite({ ...composite, ramp: event.target.value as ColourRampName })
              }
            >
              {colourRampNames.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {composite.kind === 'single' && limits && (
        <div className="display-controls__legend" data-testid={`display-${side}-legend`}>
          <span>{limitFormat.format(limits[composite.band].min)}</span>
          <span
            className="display-controls__ramp"
            style={{ background: rampGradient(composite.ramp) }}
          />
          <span>{limitFormat.format(limits[composite.band].max)}</span>
        </div>
      )}
      <div className="display-controls__row">
        <label>
          Stretch
          <select
            aria-label={`${title} stretch`}
            value={stretchMode}
            onChange={(event) => chooseStretch(event.target.value)}
          >
            {percentilePairs.map((pair, index) => (
              <option key={pair.label} value={String(index)}>
                {pair.label}
              </option>
            ))}
            <option value="manual" disabled={!limits}>
              Manual
            </option>
          </select>
        </label>
      </div>
      {limits && (
        <table className="display-controls__limits" data-testid={`display-${side}-limits`}>
          <tbody>
            {shownBands.map((band, c) => (
              <tr key={`${c}-${band}`}>
                <th scope="row">{bandLabel(summary, band)}</th>
                {stretch.manual ? (
                  <>
                    <td>
                      <LimitField
                        label={`${title} band ${band + 1} minimum`}
                        value={limits[band].min}
                        onCommit={(value) => setManualLimit(band, 'min', value)}
                      />
                    </td>
                    <td>
                      <LimitField
                        label={`${title} band ${band + 1} maximum`}
                        value={limits[band].max}
                        onCommit={(value) => setManualLimit(band, 'max', value)}
                      />
                    </td>
                  </>
                ) : (
                  <td colSpan={2}>
                    {limitFormat.format(limits[band].min)} – {limitFormat.format(limits[band].max)}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
