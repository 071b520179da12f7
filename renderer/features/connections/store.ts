// The left bar's own state: which connection the dialog edits, the confirmation and unlock
// prompts, per-connection test results. One store per sidebar, created by a factory and provided. Whether the
// connection dialog is open is the studio's `connectionsOpen`, so the palette can open it.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';

export type TestState =
  | { readonly phase: 'testing' }
  | { readonly phase: 'done'; readonly ok: boolean; readonly message: string; readonly at: number };

export interface ConnectionsViewState {
  /** The connection the dialog edits; null: a new one. */
  readonly editingId: string | null;
  readonly removingId: string | null;
  readonly removeError: string | null;
  readonly removeBusy: boolean;
  readonly unlockingId: string | null;
  /** Last test per connection, from the list's Test button or the dialog's. */
  readonly tests: Readonly<Record<string, TestState>>;
  /** The notice about a damaged connections file was read and put away. */
  readonly storeNoticeDismissed: boolean;
}

export type ConnectionsViewStore = StoreApi<ConnectionsViewState>;

export function createConnectionsViewStore(): ConnectionsViewStore {
  return createStore<ConnectionsViewState>()(() => ({
    editingId: null,
    removingId: null,
    removeError: null,
    removeBusy: false,
    unlockingId: null,
    tests: {},
    storeNoticeDismissed: false,
  }));
}

export const ConnectionsViewContext = createContext<ConnectionsViewStore | null>(null);

export function useConnectionsViewStore(): ConnectionsViewStore {
  const store = useContext(ConnectionsViewContext);
  if (!store) throw new Error('useConnectionsView outside the ConnectionsSidebar');
  return store;
}

export function useConnectionsView<T>(selector: (state: ConnectionsViewState) => T): T {
  return useStore(useConnectionsViewStore(), selector);
}
