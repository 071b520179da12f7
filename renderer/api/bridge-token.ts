// The bridge's token in the page: it arrives once, in the fragment of the URL `strata serve`
// printed (browsers never send a fragment to any server), and is kept in sessionStorage:
// this tab and this origin only, never a cookie, which the browser would send to every
// other server on 127.0.0.1 as well.
import { TOKEN_FRAGMENT_KEY } from '../../shared/api/bridge.ts';

const STORAGE_KEY = 'strata-token';

/** Moves a token from the address bar to this tab's storage; returns the tab's token. */
export function takeBridgeToken(): string | undefined {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  if (fragment.has(TOKEN_FRAGMENT_KEY)) {
    const fromUrl = fragment.get(TOKEN_FRAGMENT_KEY) ?? '';
    if (fromUrl !== '') sessionStorage.setItem(STORAGE_KEY, fromUrl);
    // Out of the address bar, the history and screenshots.
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}`);
  }
  const token = sessionStorage.getItem(STORAGE_KEY);
  return token === null || token === '' ? undefined : token;
}

/** Drops a token the bridge refused, so a reload does not send it again. */
export function forgetBridgeToken(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/**
 * A printed URL pasted into a tab already on this origin differs only in its fragment, and
 * the browser does not reload for that: start over with the new token.
 */
export function reloadOnNewToken(): void {
  window.addEventListener('hashchange', () => {
    if (!new URLSearchParams(window.location.hash.slice(1)).get(TOKEN_FRAGMENT_KEY)) return;
    takeBridgeToken();
    window.location.reload();
  });
}
