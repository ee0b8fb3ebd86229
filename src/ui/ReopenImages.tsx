import { useRef } from 'react';
import './project-bar.css';
import type { ImageReopening } from './use-image-references.ts';

const megabytes = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** Asks for the project's local image files again after a reload; they are matched by hash. */
export function ReopenImages({ reopening }: { readonly reopening: ImageReopening }) {
  const input = useRef<HTMLInputElement>(null);
  if (!reopening.awaiting.length && !reopening.problem) return null;
  return (
    <section className="reopen-images" role="status" data-testid="reopen-images">
      {reopening.awaiting.map((image) => (
        <p key={image.role} data-testid={`reopen-${image.role}`}>
          This project’s {image.role} image is the local file <b>{image.name}</b>
          {image.sizeBytes === null ? '' : ` (${megabytes.format(image.sizeBytes / 1024 ** 2)} MB)`}
          , which the browser cannot read again after a reload. Pick it again; it is recognised by
          its contents, whatever its name.{' '}
          <button type="button" onClick={() => input.current?.click()}>
            Pick {image.name}…
          </button>{' '}
          <button type="button" onClick={() => reopening.forget(image.role)}>
            Forget it
          </button>
        </p>
      ))}
      {reopening.problem && (
        <p className="app__error" role="alert" data-testid="reopen-problem">
          {reopening.problem}
        </p>
      )}
      <input
        ref={input}
        type="file"
        hidden
        accept=".tif,.tiff,image/tiff"
        data-testid="reopen-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void reopening.pick(file);
        }}
      />
    </section>
  );
}
