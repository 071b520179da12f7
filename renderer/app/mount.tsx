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

/**
 * How long the studio's first render waits for the project's first answers. They were asked
 * before this chunk loaded and are usually in by now; a project slower than this shows the
 * studio, "Loading the project…", first.
 */
const FIRST_RENDER_WAIT_MS = 300;

export function mountStudio(element: HTMLElement, access: ApiAccess): Mounted {
  const root = createRoot(element);
  let rendered = false;
  const mounted = {
    showRefused: () => {
      rendered = true;
      root.render(<BridgeAccessHelp problem="refused" />);
    },
  };
  if (access.kind === 'no-token') {
    root.render(<BridgeAccessHelp problem="no-token" />);
    return mounted;
  }
  const stores = createStudioStores(access.client);
  // Start-up never waits on a database: the project loads from files; statuses are asked once
  // the first screen is up (the sidebar does), as asking starts the service's database worker,
  // whose start competes with the first paint and the first click for the CPU.
  const started = stores.studio.getState().start();
  void stores.studio.getState().loadConnections({ statusLater: true });
  // Rendered once the project is in: the first frame then shows the graph, rather than an
  // empty studio laid out and painted first and the graph one more render and layout later.
  const render = (): void => {
    if (rendered) return;
    rendered = true;
    root.render(
      <StudioStoresProvider stores={stores}>
        <App />
      </StudioStoresProvider>,
    );
  };
  void started.finally(render);
  window.setTimeout(render, FIRST_RENDER_WAIT_MS);
  return mounted;
}
