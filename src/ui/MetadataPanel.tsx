import type { ImageSummary } from '../workers/imagery-api.ts';

interface SiteInfo {
  readonly name: string;
  readonly description: string;
  readonly credit: string;
  readonly synthetic: boolean;
}

interface Props {
  readonly site: SiteInfo | null;
  readonly images: { readonly before: ImageSummary | null; readonly after: ImageSummary | null };
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
  return summary.info.bands.map((band) => band.colorInterpretation).join(', ');
}

function ImageMetadata({ side, summary }: { side: string; summary: ImageSummary | null }) {
  if (!summary) return null;
  const rows: [string, string][] = [
    ['File', summary.name],
    ['Date', summary.info.acquisitionDate ?? 'unknown'],
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
    <section className="metadata" data-testid={`metadata-${side.toLowerCase()}`}>
      <h3>{side}</h3>
      <dl>
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

export function MetadataPanel({ site, images }: Props) {
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
      <ImageMetadata side="Before" summary={images.before} />
      <ImageMetadata side="After" summary={images.after} />
    </>
  );
}
