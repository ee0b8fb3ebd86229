import { useEffect, useRef, useState } from 'react';

interface Props {
  readonly value: string;
  readonly onCommit: (colour: string) => void;
}

/**
 * A colour input that commits once per pick: the browser fires "input" for every move in its
 * picker and "change" once the pick is made, and only the latter becomes an edit (one undo step).
 */
export function ColourField({ value, onCommit }: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const commit = useRef(onCommit);
  useEffect(() => {
    commit.current = onCommit;
  });
  useEffect(() => {
    const element = input.current;
    if (!element) return;
    // React's onChange follows "input"; the native "change" is the end of the pick.
    const onChange = () => {
      if (element.value !== value) commit.current(element.value);
      setDraft(null);
    };
    element.addEventListener('change', onChange);
    return () => element.removeEventListener('change', onChange);
  }, [value]);
  return (
    <input
      ref={input}
      type="color"
      value={draft ?? value}
      onChange={(e) => setDraft(e.target.value)}
    />
  );
}
