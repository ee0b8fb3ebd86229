// The project store: the current project, its undo history, and listeners. The UI reads a snapshot
// and dispatches commands; nothing else mutates the project. No React here — a hook subscribes.
import { CommandError, applyCommand, type ProjectCommand } from './commands.ts';
import {
  beginGesture,
  canRedo,
  canUndo,
  emptyHistory,
  endGesture,
  record,
  takeRedo,
  takeUndo,
  type History,
} from './history.ts';
import type { Project } from '../core/schema/project.ts';

export interface ProjectSnapshot {
  readonly project: Project;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly inGesture: boolean;
  /** Grows with every change of the project, recorded or not. */
  readonly revision: number;
}

export interface DispatchOptions {
  /** False for changes that are not the user's edits (loading, a detector's output): no undo entry. */
  readonly record?: boolean;
}

export type ProjectListener = (snapshot: ProjectSnapshot) => void;

export interface ProjectStore {
  getSnapshot(): ProjectSnapshot;
  /** Applies a command; throws CommandError, leaving everything unchanged, if it cannot apply. */
  dispatch(command: ProjectCommand, options?: DispatchOptions): void;
  /** Replaces the whole project (opening one): not undoable, and the history starts afresh. */
  load(project: Project): void;
  undo(): boolean;
  redo(): boolean;
  beginGesture(): void;
  endGesture(): void;
  /** Rolls back the commands of the gesture in progress, leaving no redo entry. */
  cancelGesture(): void;
  subscribe(listener: ProjectListener): () => void;
}

/** `now` gives the ISO 8601 instant stamped as the project's modifiedAt on every change. */
export function createProjectStore(
  initial: Project,
  now: () => string = () => new Date().toISOString(),
): ProjectStore {
  let project = initial;
  let history: History = emptyHistory;
  let revision = 0;
  let snapshot: ProjectSnapshot | null = null;
  const listeners = new Set<ProjectListener>();

  const getSnapshot = (): ProjectSnapshot =>
    (snapshot ??= {
      project,
      canUndo: canUndo(history),
      canRedo: canRedo(history),
      inGesture: history.gesture !== null,
      revision,
    });

  function publish(nextProject: Project, nextHistory: History, touched: boolean) {
    const changed = nextProject !== project;
    project = changed && touched ? { ...nextProject, modifiedAt: now() } : nextProject;
    history = nextHistory;
    if (changed) revision += 1;
    snapshot = null;
    const current = getSnapshot();
    for (const listener of [...listeners]) listener(current);
  }

  function applyAll(commands: readonly ProjectCommand[]): Project {
    let current = project;
    for (const command of commands) current = applyCommand(current, command).project;
    return current;
  }

  /**
   * Applies an undo/redo entry. Should a change made without recording (a reload of detected
   * changes, say) have removed what the entry refers to, the history no longer describes the
   * project: it is dropped rather than half-applied.
   */
  function replay(commands: readonly ProjectCommand[], nextHistory: History): boolean {
    let next: Project;
    try {
      next = applyAll(commands);
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      publish(project, emptyHistory, false);
      return false;
    }
    publish(next, nextHistory, true);
    return true;
  }

  return {
    getSnapshot,
    dispatch(command, options = {}) {
      const applied = applyCommand(project, command);
      const nextHistory =
        options.record === false ? history : record(history, command, applied.inverse);
      publish(applied.project, nextHistory, true);
    },
    load(next) {
      publish(next, emptyHistory, false);
    },
    undo() {
      const taken = takeUndo(history);
      return taken ? replay(taken.entry.inverses, taken.history) : false;
    },
    redo() {
      const taken = takeRedo(history);
      return taken ? replay(taken.entry.commands, taken.history) : false;
    },
    beginGesture() {
      publish(project, beginGesture(history), false);
    },
    endGesture() {
      publish(project, endGesture(history), false);
    },
    cancelGesture() {
      if (history.gesture) replay(history.gesture.inverses, { ...history, gesture: null });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
