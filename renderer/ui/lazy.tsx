// A component whose code is a chunk of its own, loaded when it is first shown, so the first
// screen evaluates none of it. `prefetch` fetches it ahead (once the first screen is up), so
// that a first opening does not wait on the network; until it is there nothing is shown.
import { lazy, Suspense, type ComponentType } from 'react';

export interface LazyComponent<P extends object> {
  readonly Component: ComponentType<P>;
  prefetch(): void;
}

export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const once = (): Promise<{ default: ComponentType<P> }> =>
    (loading ??= load().then((component) => ({ default: component })));
  const Loaded = lazy(once);
  const Component = (props: P) => (
    <Suspense fallback={null}>
      <Loaded {...props} />
    </Suspense>
  );
  return { Component, prefetch: () => void once().catch(() => undefined) };
}
