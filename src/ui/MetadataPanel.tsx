import type { ImageReference } from '../core/schema/project.ts';
import type { ImageSummary } from '../workers/imagery-api.ts';
import { CommitField } from './CommitField.tsx';
import './display.css';
import { effectiveMetadata, type ImageMetadata } from '../state/image-metadata.ts';

interface SiteInfo {
  readonly name: string;
  readonly description: string;
  readonly credit: string;
  readonly synthetic: boolean;
}

interface Props {
  readonly site: SiteInfo | null;
  readonly images: { readonly before: ImageSummary | null; readonly after: ImageSummary | null };
  /** What the project keeps for each shown image (edited date, source, credit), if anything. */
  readonly references?: {
    readonly before: ImageReference | null;
    readonly after: ImageReference | null;
  };
  readonly onEditMetadata?: (
    side: 'before' | 'after',
    summary: ImageSummary,
    changes: Partial<ImageMetadata>,
  ) => void;
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function crsLabel(summary: ImageSummary): string {
  const crs = summary.info.crs;
  if (!crs) return 'none';
  return crs.epsg ? `${crs.name} (EPSG:${crs.epsg})` : crs.name;
}

function dataTypes(summary: ImageSummary): string {
  return [...new Set(summary.info.bands.map((band) => band.dataType))].join(', ');
}

function bandNames(summary: ImageSummary): string {
  // A band's own name (R, G, B, NIR in multispectral products) says more than "Undefined".
  return summary.info.bands
    .map((band) => band.description?.trim() || band.colorInterpretation)
    .join(', ');
}

interface ImageMetadataProps {
  readonly side: 'before' | 'after';
  readonly summary: ImageSummary | null;
  readonly reference: ImageReference | null;
  readonly onEdit: ((changes: Partial<ImageMetadata>) => void) | undefined;
}

/** Date, source and credit: editable, kept in the project; the file's own values until edited. */
function EditableMetadata({ side, summary, reference, onEdit }: ImageMetadataProps) {
  if (!summary) return null;
  const shown = effectiveMetadata(summary.info, reference);
  const title = side === 'before' ? 'Before' : 'After';
  const edited = reference?.metadata;
  return (
    <>
      <div className="metadata__row metadata__row--edit">
        <dt>Date{edited?.date ? ' (edited)' : ''}</dt>
        <dd>
          <input
            type="date"
            aria-label={`${title} acquisition date`}
            value={shown.date ?? ''}
            disabled={!onEdit}
            onChange={(event) => {
              const date = event.target.value;
              // An emptied date goes back to the file's own.
              onEdit?.({ date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null });
            }}
          />
        </dd>
      </div>
      <div className="metadata__row metadata__row--edit">
        <dt>Source{edited?.source ? ' (edited)' : ''}</dt>
        <dd>
          <CommitField
            label={`${title} source or sensor`}
            value={shown.source}
            onCommit={(source) => onEdit?.({ source: source.trim() })}
          />
        </dd>
      </div>
      <div className="metadata__row metadata__row--edit">
        <dt>Credit{edited?.credit ? ' (edited)' : ''}</dt>
        <dd>
          <CommitField
            label={`${title} credit line`}
            value={shown.credit}
            onCommit={(credit) => onEdit?.({ credit: credit.trim() })}
          />
        </dd>
      </div>
    </>
  );
}

function ImageMetadataSection(props: ImageMetadataProps) {
  const { side, summary } = props;
  if (!summary) return null;
  const rows: [string, string][] = [
    ['File', summary.name],
    ['Size', `${summary.info.width} × ${summary.info.height} px`],
    ['Bands', `${summary.info.bandCount} (${bandNames(summary)})`],
    ['Data type', dataTypes(summary)],
    ['CRS', crsLabel(summary)],
    [
      'Pixel size',
      `${numberFormat.format(summary.pixelSizeMetres.x)} × ${numberFormat.format(summary.pixelSizeMetres.y)} m`,
    ],
    ['Compression', summary.info.compression ?? 'none'],
    ['Overviews', summary.info.overviews.map(([w, h]) => `${w}×${h}`).join(', ') || 'none'],
  ];
  return (
    <section className="metadata" data-testid={`metadata-${side}`}>
      <h3>{side === 'before' ? 'Before' : 'After'}</h3>
      <dl>
        <EditableMetadata {...props} />
        {rows.map(([term, value]) => (
          <div key={term} className="metadata__row">
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function MetadataPanel({ site, images, references, onEditMetadata }: Props) {
  return (
    <>
      {site && (
        <section className="metadata" data-testid="site-metadata">
          <h2>{site.name}</h2>
          {site.synthetic && (
            <p className="synthetic-badge" data-testid="synthetic-label">
              Synthetic imagery — not a real observation
            </p>
          )}
          <p className="metadata__description">{site.description}</p>
          <p className="metadata__credit">Credit: {site.credit}</p>
        </section>
      )}
      {(['before', 'after'] as const).map((side) => {
        const summary = images[side];
        return (
          <ImageMetadataSection
            key={side}
            side={side}
            summary={summary}
            reference={references?.[side] ?? null}
            onEdit={
              summary && onEditMetadata
                ? (changes) => onEditMetadata(side, summary, changes)
                : undefined
            }
          />
        );
      })}
    </>
  );
}
