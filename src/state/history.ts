// Undo/redo over commands. Each entry holds the commands that were applied and their inverses, so
// undo applies the inverses (newest first) and redo the commands again. A gesture (a drag, an
// import) groups its commands into one entry; a cancelled gesture is rolled back with no redo
// entry (tldraw's marks and bail). Immutable values: the store keeps the current one.
import type { ProjectCommand } from './commands.ts';

export interface HistoryEntry {
  readonly commands: readonly ProjectCommand[];
  /** Inverses in the order they must be applied: the last command's first. */
  readonly inverses: readonly ProjectCommand[];
}

export interface History {
  readonly undoStack: readonly HistoryEntry[];
  readonly redoStack: readonly HistoryEntry[];
  /** The entry a gesture in progress is building, or null outside gestures. */
  readonly gesture: HistoryEntry | null;
}

/** How many entries undo can reach back; older ones are dropped. */
export const historyLimit = 500;

export const emptyHistory: History = { undoStack: [], redoStack: [], gesture: null };

/** Records an applied command and its inverse; a new edit clears the redo stack. */
export function record(
  history: History,
  command: ProjectCommand,
  inverse: ProjectCommand,
): History {
  if (history.gesture) {
    return {
      ...history,
      gesture: {
        commands: [...history.gesture.commands, command],
        inverses: [inverse, ...history.gesture.inverses],
      },
    };
  }
  const undoStack = [...history.undoStack, { commands: [command], inverses: [inverse] }];
  return { undoStack: undoStack.slice(-historyLimit), redoStack: [], gesture: null };
}

export function beginGesture(history: History): History {
  return history.gesture ? history : { ...history, gesture: { commands: [], inverses: [] } };
}

/** Closes the gesture as one undo entry (none if it changed nothing). */
export function endGesture(history: History): History {
  const { gesture } = history;
  if (!gesture) return history;
  if (gesture.commands.length === 0) return { ...history, gesture: null };
  return {
    undoStack: [...history.undoStack, gesture].slice(-historyLimit),
    redoStack: [],
    gesture: null,
  };
}

export const canUndo = (history: History) => !history.gesture && history.undoStack.length > 0;
export const canRedo = (history: History) => !history.gesture && history.redoStack.length > 0;

/** The entry undo applies and the history after it, or null when there is nothing to undo. */
export function takeUndo(history: History): { entry: HistoryEntry; history: History } | null {
  if (!canUndo(history)) return null;
  const [undoStack, redoStack, entry] = moveLast(history.undoStack, history.redoStack);
  return { entry, history: { undoStack, redoStack, gesture: null } };
}

export function takeRedo(history: History): { entry: HistoryEntry; history: History } | null {
  if (!canRedo(history)) return null;
  const [redoStack, undoStack, entry] = moveLast(history.redoStack, history.undoStack);
  return { entry, history: { undoStack, redoStack, gesture: null } };
}

function moveLast(from: readonly HistoryEntry[], to: readonly HistoryEntry[]) {
  const entry = from[from.length - 1];
  return [from.slice(0, -1), [...to, entry], entry] as const;
}
