// A feature's store reaches its components through React context, as the studio's does: one
// store per window (or test), created by the feature's factory and provided by the app.
import { createContext, useContext, type Context } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';

export interface FeatureStoreAccess<S> {
  readonly Context: Context<StoreApi<S> | null>;
  /** The provided store itself, for commands. */
  useStoreApi(): StoreApi<S>;
  /** A slice of the state; the component re-renders when it changes. */
  useSelect<T>(selector: (state: S) => T): T;
}

export function featureStoreAccess<S>(feature: string): FeatureStoreAccess<S> {
  const Context = createContext<StoreApi<S> | null>(null);
  const useStoreApi = (): StoreApi<S> => {
    const store = useContext(Context);
    if (!store) throw new Error(`the ${feature} store is used outside its provider`);
    return store;
  };
  return { Context, useStoreApi, useSelect: (selector) => useStore(useStoreApi(), selector) };
}
