// One client for the whole renderer, over whichever door it was opened through.
import { createClient, type Client } from '../../shared/rpc/client.ts';
import { createBridgeTransport } from './bridge-transport.ts';
import { createIpcTransport } from './ipc-transport.ts';

export function createApiClient(): Client {
  return createClient(window.strata ? createIpcTransport(window.strata) : createBridgeTransport());
}
export type { Client };
