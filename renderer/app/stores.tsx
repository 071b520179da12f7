// The window's stores, created together and provided to the whole app: the studio's shared
// one (project, connections, the client, the shell) and each feature's own (lint, the run
// console; the inspector and the left bar make theirs where they mount).
import type { ReactNode } from 'react';
import type { Client } from '../../shared/rpc/client.ts';
import { createLintStore, LintStoreContext, type LintStore } from '../features/lint/index.ts';
import { createRunStore, onRunEvent, replan, RunStoreContext, type RunStore } from '../features/run/index.ts';
import { StudioProvider } from '../store/context.tsx';
import { createStudioStore, type StudioStore } from '../store/studio-store.ts';

export interface StudioStores {
  readonly studio: StudioStore;
  readonly lint: LintStore;
  readonly run: RunStore;
}

export function createStudioStores(client: Client): StudioStores {
  const stores = { studio: createStudioStore(client), lint: createLintStore(), run: createRunStore() };
  client.on('run.event', (message) => onRunEvent(stores.run, stores.studio, message));
  client.on('project.changed', () => void replan(stores.run, stores.studio));
  return stores;
}

export function StudioStoresProvider({
  stores,
  children,
}: {
  readonly stores: StudioStores;
  readonly children: ReactNode;
}) {
  return (
    <StudioProvider store={stores.studio}>
      <LintStoreContext.Provider value={stores.lint}>
        <RunStoreContext.Provider value={stores.run}>{children}</RunStoreContext.Provider>
      </LintStoreContext.Provider>
    </StudioProvider>
  );
}
