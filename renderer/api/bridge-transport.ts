// Browser mode: the contract over the bridge. Calls are POSTs with the token in a header;
// the events come over a WebSocket whose subprotocol list carries the token (never its
// URL, which would end up in logs). A 401 means this tab's token is not the running
// bridge's (restarted, or an old URL): the transport stops and says so once.
import { EVENTS_PATH, eventsProtocols, TOKEN_HEADER } from '../../shared/api/bridge.ts';
import type { Result } from '../../shared/api/errors.ts';
import type { Transport } from '../../shared/rpc/client.ts';
import { forgetBridgeToken } from './bridge-token.ts';

export function createBridgeTransport(token: string, onRefused: () => void): Transport {
  const listeners = new Set<(event: string, payload: unknown) => void>();
  let socket: WebSocket | undefined;
  let refused = false;
  const refuse = (): void => {
    if (refused) return;
    refused = true;
    forgetBridgeToken();
    socket?.close();
    onRefused();
  };
  const connect = (): void => {
    if (refused) return;
    socket = new WebSocket(
      `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${EVENTS_PATH}`,
      eventsProtocols(token),
    );
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as { event: string; payload: unknown };
      for (const l of listeners) l(data.event, data.payload);
    };
    // The bridge may restart (or the laptop sleep): reconnect quietly, unless it refused us.
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
          headers: { 'content-type': 'application/json', [TOKEN_HEADER]: token },
          body: JSON.stringify(input ?? {}),
        });
        if (response.status === 401) refuse();
        return (await response.json()) as Result<unknown>;
      } catch (error) {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `the bridge did not answer: ${error instanceof Error ? error.message : String(error)}`,
          },
        };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
