// The studio's React tree, mounted by the page's entry (main.tsx) once the calls the first
// screen needs are already on their way. Everything React and the studio need is loaded
// from here, so the entry stays small.
import { createRoot } from 'react-dom/client';
import type { ApiAccess } from '../api/index.ts';
import { App } from './App.tsx';
import { BridgeAccessHelp } from './BridgeAccessHelp.tsx';
import { createStudioStores, StudioStoresProvider } from './stores.tsx';

export interface Mounted {
  /** The bridge refused this tab's token: the explanation replaces the studio. */
  showRefused(): void;
}

export function mountStudio(element: HTMLElement, access: ApiAccess): Mounted {
  const root = createRoot(element);
  const mounted = { showRefused: () => root.render(<BridgeAccessHelp problem="refused" />) };
  if (access.kind === 'no-token') {
    root.render(<BridgeAccessHelp problem="no-token" />);
    return mounted;
  }
  const stores = createStudioStores(access.client);
  root.render(
    <StudioStoresProvider stores={stores}>
      <App />
    </StudioStoresProvider>,
  );
  // Start-up never waits on a database: the project loads from files, statuses arrive later.
  void stores.studio.getState().start();
  void stores.studio.getState().loadConnections();
  return mounted;
}
