// The run commands bound to the provided stores, for components: stable between renders.
import { useMemo } from 'react';
import { useStudioStore } from '../../store/context.tsx';
import {
  cancel,
  closeRun,
  loadLastRun,
  preview,
  rehearse,
  resolveInterrupted,
  start,
  unlockDowngrade,
  type StartOptions,
} from './commands.ts';
import { useRunStore, type Direction, type ResolveAction } from './store.ts';

export interface RunCommands {
  preview(direction: Direction, target: string): Promise<void>;
  start(options?: StartOptions): Promise<void>;
  cancel(): Promise<void>;
  rehearse(confirmDatabaseName?: string): Promise<void>;
  closeRun(): void;
  loadLastRun(): Promise<void>;
  unlockDowngrade(databaseName: string): Promise<string | null>;
  resolveInterrupted(revision: string, action: ResolveAction, confirmDatabaseName?: string): Promise<void>;
}

export function useRunCommands(): RunCommands {
  const run = useRunStore();
  const studio = useStudioStore();
  return useMemo(
    () => ({
      preview: (direction, target) => preview(run, studio, direction, target),
      start: (options) => start(run, studio, options),
      cancel: () => cancel(run, studio),
      rehearse: (confirmDatabaseName) => rehearse(run, studio, confirmDatabaseName),
      closeRun: () => closeRun(run),
      loadLastRun: () => loadLastRun(run, studio),
      unlockDowngrade: (databaseName) => unlockDowngrade(run, studio, databaseName),
      resolveInterrupted: (revision, action, confirmDatabaseName) =>
        resolveInterrupted(run, studio, revision, action, confirmDatabaseName),
    }),
    [run, studio],
  );
}
