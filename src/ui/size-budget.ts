// The size budget: the most samples (width × height × bands) an image without overviews may declare,
// and the most one read may allocate. Kept in this browser's local storage; applies to the next file
// opened. The default is the reader's own (2^29 samples, 512 Mi).
import { useSyncExternalStore } from 'react';

export const DEFAULT_SIZE_BUDGET_SAMPLES = 2 ** 29;
const STORAGE_KEY = 'sitediff.sizeBudgetSamples';

function stored(): number {
  try {
    const value = Number(localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(value) && value > 0 ? value : DEFAULT_SIZE_BUDGET_SAMPLES;
  } catch {
    return DEFAULT_SIZE_BUDGET_SAMPLES;
  }
}

let budgetSamples = stored();
const listeners = new Set<() => void>();

export function sizeBudgetSamples(): number {
  return budgetSamples;
}

export function setSizeBudgetSamples(samples: number): void {
  if (!(Number.isFinite(samples) && samples > 0)) return;
  budgetSamples = Math.round(samples);
  try {
    localStorage.setItem(STORAGE_KEY, String(budgetSamples));
  } catch {
    // Storage may be unavailable (private mode); the budget then lasts for this page only.
  }
  for (const listener of listeners) listener();
}

export function useSizeBudgetSamples(): number {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, sizeBudgetSamples);
}
