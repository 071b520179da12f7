// The page's entry, kept small: it takes the bridge's token, asks the service what the first
// screen shows (the graph above all), and only then loads React and the studio (app/mount.tsx,
// fetched in parallel: index.html preloads it, see vite.config.ts). The service works on the
// graph while the browser evaluates the rest.
import { openApi } from './api/index.ts';
import { FIRST_SCREEN_CALLS, withEarlyAnswers } from './api/early-answers.ts';
import { holdEarlyShortcuts } from './app/early-keys.ts';
import { initialTheme } from './store/ui-slice.ts';
import type { Mounted } from './app/mount.tsx';
import './app/theme.css';

const element = document.getElementById('root');
if (element) {
  // The studio sets it from its store; the explanation shown instead of it needs it too.
  document.documentElement.dataset.theme = initialTheme();
  holdEarlyShortcuts();
  let mounted: Mounted | undefined;
  let refused = false;
  const access = openApi(() => {
    refused = true;
    mounted?.showRefused();
  });
  const opened =
    access.kind === 'open' ? { ...access, client: withEarlyAnswers(access.client, FIRST_SCREEN_CALLS) } : access;
  void import('./app/mount.tsx').then(({ mountStudio }) => {
    mounted = mountStudio(element, opened);
    if (refused) mounted.showRefused();
  });
}
