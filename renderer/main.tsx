import { createRoot } from 'react-dom/client';
import { createApiClient } from './api/index.ts';
import { App } from './app/App.tsx';
import { StudioProvider } from './store/context.tsx';
import { createStudioStore } from './store/studio-store.ts';
import './app/theme.css';

const store = createStudioStore(createApiClient());
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StudioProvider store={store}>
      <App />
    </StudioProvider>,
  );
}
// Start-up never waits on a database: the project loads from files, statuses arrive later.
void store.getState().loadProject();
void store.getState().loadConnections();
