// Browser mode: the contract over the bridge. The token arrives in the page URL once; it
// is kept for this tab and sent as a header, and the events come over a WebSocket.
import type { Result } from '../../shared/api/errors.ts';
import type { Transport } from '../../shared/rpc/client.ts';

function token(): string {
  const fromUrl = new URLSearchParams(window.location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('strata-token', fromUrl);
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', window.location.pathname);
    return fromUrl;
  }
  return sessionStorage.getItem('strata-token') ?? '';
}

export function createBridgeTransport(): Transport {
  const secret = token();
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let socket: WebSocket | undefined;
  const connect = (): void => {
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/events?token=${encodeURIComponent(secret)}`;
    socket = new WebSocket(url);
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { event: string; payload: unknown };
      for (const l of listeners) l(data.event, data.payload);
    };
    // The bridge may restart (or the laptop sleep): reconnect quietly.
    socket.onclose = () => {
      setTimeout(connect, 1000);
    };
  };
  connect();
  return {
    async invoke(method, input) {
      try {
        const response = await fetch(`/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-strata-token': secret },
          body: JSON.stringify(input ?? {}),
        });
        return (await response.json()) as Result<unknown>;
      } catch (error) {
        return { ok: false, error: { code: 'internal', message: `the bridge did not answer: ${error instanceof Error ? error.message : String(error)}` } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
