// One client for the whole renderer, over whichever door it was opened through. In a
// browser without the bridge's token there is no door yet: the page says where to get it.
import { createClient, type Client } from '../../shared/rpc/client.ts';
import { withBackgroundLane } from './background-lane.ts';
import { reloadOnNewToken, takeBridgeToken } from './bridge-token.ts';
import { createBridgeTransport } from './bridge-transport.ts';
import { createIpcTransport } from './ipc-transport.ts';

export type ApiAccess = { readonly kind: 'open'; readonly client: Client } | { readonly kind: 'no-token' };

/** `onRefused` runs once if the bridge refuses this tab's token (the first call gets 401). */
export function openApi(onRefused: () => void): ApiAccess {
  if (window.strata) return { kind: 'open', client: createClient(createIpcTransport(window.strata)) };
  const token = takeBridgeToken();
  reloadOnNewToken();
  if (token === undefined) return { kind: 'no-token' };
  return { kind: 'open', client: createClient(withBackgroundLane(createBridgeTransport(token, onRefused))) };
}
export type { Client };
