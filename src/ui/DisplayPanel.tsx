import type { TileDisplay, ImageSummary } from '../workers/imagery-api.ts';
import { DisplayControls } from './DisplayControls.tsx';
import type { ImageDisplay } from './use-display.ts';

interface Props {
  readonly images: { readonly before: ImageSummary | null; readonly after: ImageSummary | null };
  readonly displayOf: (summary: ImageSummary) => ImageDisplay;
  readonly onChange: (imageId: string, display: TileDisplay) => void;
}

/** Display controls for each image shown; keyed by image so a new file starts from its own. */
export function DisplayPanel({ images, displayOf, onChange }: Props) {
  return (
    <>
      {(['before', 'after'] as const).map((side) => {
        const summary = images[side];
        if (!summary) return null;
        return (
          <DisplayControls
            key={`${side}-${summary.imageId}`}
            side={side}
            summary={summary}
            display={displayOf(summary).display}
            onChange={(display) => onChange(summary.imageId, display)}
          />
        );
      })}
    </>
  );
}
