import { useState } from 'react';
import {
  DEFAULT_SIZE_BUDGET_SAMPLES,
  setSizeBudgetSamples,
  useSizeBudgetSamples,
} from './size-budget.ts';
import './display.css';

const MEGA = 1_000_000;
const megaFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** A settings button in the header with the size budget for the next images opened. */
export function DisplaySizeBudget() {
  const budget = useSizeBudgetSamples();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    const millions = Number(draft);
    if (draft !== null && Number.isFinite(millions) && millions > 0) {
      setSizeBudgetSamples(millions * MEGA);
    }
    setDraft(null);
  };
  return (
    <div className="size-budget">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="size-budget-popover"
        onClick={() => setOpen((o) => !o)}
      >
        Settings
      </button>
      {open && (
        <div
          id="size-budget-popover"
          className="size-budget__popover"
          role="dialog"
          aria-label="Settings"
          onKeyDown={(event) => {
            if (event.key === 'Escape' && draft === null) setOpen(false);
          }}
        >
          <label>
            Size budget (million pixels × bands){' '}
            <input
              type="number"
              min={0.001}
              step="any"
              aria-label="Size budget in million samples"
              value={draft ?? megaFormat.format(budget / MEGA).replace(/,/g, '')}
              onChange={(event) => setDraft(event.target.value)}
              onBlur={commit}
              onKeyDown={(event) => {
                if (event.key === 'Enter') commit();
                if (event.key === 'Escape') setDraft(null);
              }}
            />
          </label>
          <p>
            A file without overviews that declares more is refused before anything is read, and no
            single read may allocate more. Applies to the next file opened.
          </p>
          <button
            type="button"
            onClick={() => setSizeBudgetSamples(DEFAULT_SIZE_BUDGET_SAMPLES)}
            disabled={budget === DEFAULT_SIZE_BUDGET_SAMPLES}
          >
            Reset to {megaFormat.format(DEFAULT_SIZE_BUDGET_SAMPLES / MEGA)} million
          </button>
        </div>
      )}
    </div>
  );
}
