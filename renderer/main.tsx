import { createRoot } from 'react-dom/client';
import { openApi } from './api/index.ts';
import { App } from './app/App.tsx';
import { BridgeAccessHelp } from './app/BridgeAccessHelp.tsx';
import { createStudioStores, StudioStoresProvider } from './app/stores.tsx';
import { initialTheme } from './store/ui-slice.ts';
import './app/theme.css';

const element = document.getElementById('root');
if (element) {
  const root = createRoot(element);
  // The studio sets it from its store; the explanation shown instead of it needs it too.
  document.documentElement.dataset.theme = initialTheme();
  const access = openApi(() => root.render(<BridgeAccessHelp problem="refused" />));
  if (access.kind === 'no-token') {
    root.render(<BridgeAccessHelp problem="no-token" />);
  } else {
    const stores = createStudioStores(access.client);
    root.render(
      <StudioStoresProvider stores={stores}>
        <App />
      </StudioStoresProvider>,
    );
    // Start-up never waits on a database: the project loads from files, statuses arrive later.
    void stores.studio.getState().start();
    void stores.studio.getState().loadConnections();
  }
}
