import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { ImageSource } from '../workers/imagery-api.ts';
import { imageSourcesOf } from './dropped-files.ts';
import { useImageBytes } from './imagery-client.ts';
import type { Side, Slot } from './use-imagery.ts';

interface Props {
  readonly side: Side;
  readonly slot: Slot;
  readonly onOpen: (source: ImageSource) => void;
  readonly onCancel: () => void;
  readonly onDismissError: () => void;
}

const byteFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const placementFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });
function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${byteFormat.format(bytes / 1024)} KiB`;
  return `${byteFormat.format(bytes / 1024 ** 2)} MiB`;
}

function fileNameOfUrl(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
  } catch {
    return url;
  }
}

/** One of the before/after slots: pick or drop a file, or give a COG URL; progress and errors. */
export function ImageSlot({ side, slot, onOpen, onCancel, onDismissError }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [url, setUrl] = useState('');
  const [dragOver, setDragOver] = useState(false);
  const title = side === 'before' ? 'Before' : 'After';
  // A COG by URL keeps fetching tiles as the user zooms: show what it has cost so far.
  const remoteImageId = slot.current?.url ? slot.current.imageId : null;
  const fetched = useImageBytes(remoteImageId);

  const [fileProblem, setFileProblem] = useState<string | null>(null);
  // The first image among the files, with its `.ovr` if that came too.
  const openFiles = (files: readonly File[]) => {
    const { sources, problem } = imageSourcesOf(files);
    setFileProblem(problem);
    if (sources[0]) onOpen(sources[0]);
  };
  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    event.stopPropagation();
    setDragOver(false);
    openFiles([...event.dataTransfer.files]);
  };
  const onSubmitUrl = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = url.trim();
    if (trimmed) onOpen({ kind: 'url', url: trimmed, name: fileNameOfUrl(trimmed) });
  };

  return (
    <section
      className={`image-slot image-slot--${side}${dragOver ? ' image-slot--drag' : ''}`}
      data-testid={`slot-${side}`}
      aria-label={`${title} image`}
      onDragOver={(event) => {
        event.preventDefault();
        setDragOver(true);
      }}
      onDragLeave={() => setDragOver(false)}
      onDrop={onDrop}
    >
      <h3>{title}</h3>
      <p className="image-slot__current" data-testid={`slot-${side}-current`}>
        {slot.current ? slot.current.name : 'No image'}
      </p>
      {slot.current?.placement.kind === 'gcpFit' && (
        <p className="image-slot__placement" data-testid={`slot-${side}-placement`}>
          Placed approximately from {slot.current.placement.gcpCount} ground control points (RMS{' '}
          {placementFormat.format(slot.current.placement.rmsResidualPixels)} px)
        </p>
      )}
      {fetched && (
        <p className="image-slot__fetched" data-testid={`slot-${side}-fetched`}>
          {formatBytes(fetched.bytesRead)} fetched
          {fetched.byteLength !== null && ` of ${formatBytes(fetched.byteLength)}`}
        </p>
      )}
      <div className="image-slot__actions">
        <button type="button" onClick={() => input.current?.click()}>
          Choose file…
        </button>
        <input
          ref={input}
          type="file"
          accept=".tif,.tiff,.ovr,image/tiff"
          multiple
          hidden
          data-testid={`file-input-${side}`}
          onChange={(event) => {
            openFiles([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      <form className="image-slot__url" onSubmit={onSubmitUrl}>
        <input
          type="url"
          placeholder="https://…/image.tif (Cloud-Optimized GeoTIFF)"
          aria-label={`${title} image URL`}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <button type="submit">Open URL</button>
      </form>
      {slot.loading && (
        <div className="image-slot__loading" data-testid={`slot-${side}-loading`}>
          <p>
            Opening <strong>{slot.loading.name}</strong>: {slot.loading.stage}
            {slot.loading.bytesRead !== null &&
              ` — ${formatBytes(slot.loading.bytesRead)} fetched` +
                (slot.loading.byteLength !== null
                  ? ` of ${formatBytes(slot.loading.byteLength)}`
                  : '')}
          </p>
          <progress max={1} value={slot.loading.fraction} aria-label={`Loading ${title}`} />
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
      {fileProblem && (
        <p className="image-slot__error" role="alert" data-testid={`slot-${side}-file-problem`}>
          {fileProblem}
        </p>
      )}
      {slot.error && (
        <div className="image-slot__error" role="alert" data-testid={`slot-${side}-error`}>
          <p>
            Could not open <strong>{slot.error.name}</strong>: {slot.error.message}
          </p>
          {slot.current && <p>Still showing {slot.current.name}.</p>}
          <button type="button" onClick={onDismissError}>
            Dismiss
          </button>
        </div>
      )}
    </section>
  );
}
