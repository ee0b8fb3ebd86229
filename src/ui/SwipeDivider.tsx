import { useCallback, useRef, type KeyboardEvent, type PointerEvent } from 'react';

interface Props {
  /** Position as a fraction of the container width, 0..1. */
  readonly position: number;
  readonly onChange: (position: number) => void;
}

const KEY_STEP = 0.02;
const PAGE_STEP = 0.1;

/** The swipe handle: drag it, or focus it and use the arrow keys, Page Up/Down, Home and End. */
export function SwipeDivider({ position, onChange }: Props) {
  const dragging = useRef(false);
  const clamp = (value: number) => Math.min(1, Math.max(0, value));

  const moveTo = useCallback(
    (event: PointerEvent<HTMLDivElement>) => {
      const parent = event.currentTarget.parentElement;
      if (!parent) return;
      const rect = parent.getBoundingClientRect();
      onChange(clamp((event.clientX - rect.left) / rect.width));
    },
    [onChange],
  );

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const steps: Record<string, number> = {
      ArrowLeft: -KEY_STEP,
      ArrowDown: -KEY_STEP,
      ArrowRight: KEY_STEP,
      ArrowUp: KEY_STEP,
      PageDown: -PAGE_STEP,
      PageUp: PAGE_STEP,
    };
    if (event.key in steps) onChange(clamp(position + steps[event.key]));
    else if (event.key === 'Home') onChange(0);
    else if (event.key === 'End') onChange(1);
    else return;
    event.preventDefault();
  };

  return (
    <div
      className="swipe-divider"
      style={{ left: `${position * 100}%` }}
      role="slider"
      tabIndex={0}
      aria-label="Swipe between before and after"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(position * 100)}
      aria-valuetext={`${Math.round(position * 100)}% before`}
      onKeyDown={onKeyDown}
      onPointerDown={(event) => {
        dragging.current = true;
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        if (dragging.current) moveTo(event);
      }}
      onPointerUp={(event) => {
        dragging.current = false;
        event.currentTarget.releasePointerCapture(event.pointerId);
      }}
    >
      <div className="swipe-divider__line" />
      <div className="swipe-divider__handle" aria-hidden="true">
        ‹›
      </div>
    </div>
  );
}
