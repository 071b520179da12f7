// The inspector's own state: drafts of revisions being edited (text only; the Monaco models
// live in the editor's registry) and the outcome of the last save. One store per Inspector,
// created by a factory and provided, so two windows or two tests never share drafts.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface Draft {
  readonly upgradeSql: string;
  readonly downgradeSql: string | null;
}

export interface SaveNote {
  readonly revision: string;
  readonly kind: 'ok' | 'warning' | 'error';
  readonly text: string;
}

export interface InspectorState {
  /** Revisions in edit mode, by id: a draft survives moving the selection away and back. */
  readonly drafts: Readonly<Record<string, Draft>>;
  readonly saving: string | null;
  readonly note: SaveNote | null;
}

export type InspectorStore = StoreApi<InspectorState>;

export function createInspectorStore(): InspectorStore {
  return createStore<InspectorState>()(() => ({ drafts: {}, saving: null, note: null }));
}

export const InspectorStoreContext = createContext<InspectorStore | null>(null);

export function useInspectorStore(): InspectorStore {
  const store = useContext(InspectorStoreContext);
  if (!store) throw new Error('useInspector outside the Inspector');
  return store;
}

export function useInspector<T>(selector: (state: InspectorState) => T): T {
  return useStore(useInspectorStore(), selector);
}
