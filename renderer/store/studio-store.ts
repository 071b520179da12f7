// The studio's state: one zustand store created per window by a factory (never a module
// singleton) and provided through React context. Slices live in their own files; their
// actions are the only way state changes.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../../shared/rpc/client.ts';
import { createConnectionsSlice, type ConnectionsSlice } from './connections-slice.ts';
import { createProjectSlice, type ProjectSlice } from './project-slice.ts';
import { createUiSlice, type UiSlice } from './ui-slice.ts';

export type StudioState = ProjectSlice & ConnectionsSlice & UiSlice & { readonly client: Client };
export type StudioStore = StoreApi<StudioState>;
export type SliceCreator<T> = (set: StoreApi<StudioState>['setState'], get: StoreApi<StudioState>['getState']) => T;

export function createStudioStore(client: Client): StudioStore {
  const store = createStore<StudioState>()((set, get) => ({
    client,
    ...createProjectSlice(set, get),
    ...createConnectionsSlice(set, get),
    ...createUiSlice(set, get),
  }));
  client.on('database.status', (status) => store.getState().onStatus(status));
  client.on('project.changed', () => void store.getState().refreshProject());
  return store;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
