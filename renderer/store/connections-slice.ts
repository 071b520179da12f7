// Connections and what each database has applied. Statuses load lazily, one at a time per
// connection, so an unreachable host never holds up the window; at start-up they are asked
// only once the first screen is up (ConnectionsSidebar), since the first one starts the
// service's database worker.
import type { ConnectionInfo, ConnectionTestResult, DatabaseStatus } from '../../shared/api/connections.ts';
import type { Input } from '../../shared/api/contract.ts';
import { errorMessage, type SliceCreator } from './studio-store.ts';

/**
 * A successful test, for people: how long, which server, and whether the session was encrypted (SSL mode prefer may
 * fall back to plain text).
 */
export function connectedMessage(r: ConnectionTestResult): string {
  const encryption = r.tls === true ? ', encrypted (TLS)' : r.tls === false ? ', not encrypted: plain text' : '';
  return `Connected in ${Math.round(r.ms)} ms${r.serverVersion ? ` (${r.serverVersion})` : ''}${encryption}`;
}

export type Reachability = 'reachable' | 'unreachable' | 'loading';

/** What a connection's status dot shows: green only for a status that reached the database. */
export function reachability(status: DatabaseStatus | 'loading' | undefined): Reachability {
  if (status === undefined || status === 'loading') return 'loading';
  return status.reachable ? 'reachable' : 'unreachable';
}

async function tested(call: () => Promise<ConnectionTestResult>): Promise<{ ok: boolean; message: string }> {
  try {
    const r = await call();
    return r.ok ? { ok: true, message: connectedMessage(r) } : { ok: false, message: r.error ?? 'failed' };
  } catch (error) {
    return { ok: false, message: errorMessage(error) };
  }
}

export interface ConnectionsSlice {
  readonly connections: readonly ConnectionInfo[];
  readonly activeConnectionId: string | null;
  readonly statuses: Readonly<Record<string, DatabaseStatus | 'loading'>>;
  readonly connectionsError: string | null;
  /**
   * Lists the connections and makes the first one active when none is. `statusLater`: its
   * status is not asked here (start-up: the sidebar asks once the first screen is shown).
   */
  loadConnections(options?: { readonly statusLater?: boolean }): Promise<void>;
  setActiveConnection(id: string): Promise<void>;
  refreshStatus(id: string): Promise<void>;
  onStatus(status: DatabaseStatus): void;
  saveConnection(input: Input<'connections.save'>): Promise<ConnectionInfo>;
  removeConnection(id: string): Promise<void>;
  testConnection(id: string): Promise<{ ok: boolean; message: string }>;
  testSettings(input: Input<'connections.testSettings'>): Promise<{ ok: boolean; message: string }>;
  unlockConnection(id: string, databaseName: string): Promise<void>;
}

export const createConnectionsSlice: SliceCreator<ConnectionsSlice> = (set, get) => ({
  connections: [],
  activeConnectionId: null,
  statuses: {},
  connectionsError: null,
  async loadConnections(options) {
    try {
      const connections = await get().client.call('connections.list', {});
      const active = get().activeConnectionId;
      set({ connections, connectionsError: null });
      const next = active && connections.some((c) => c.id === active) ? active : (connections[0]?.id ?? null);
      if (next && next !== active) {
        if (options?.statusLater) set({ activeConnectionId: next });
        else await get().setActiveConnection(next);
      }
    } catch (error) {
      set({ connectionsError: errorMessage(error) });
    }
  },
  async setActiveConnection(id) {
    set({ activeConnectionId: id });
    await get().refreshStatus(id);
  },
  async refreshStatus(id) {
    set({ statuses: { ...get().statuses, [id]: 'loading' } });
    try {
      const status = await get().client.call('database.status', { id });
      get().onStatus(status);
    } catch (error) {
      get().onStatus({
        connectionId: id,
        reachable: false,
        error: errorMessage(error),
        rows: [],
        applied: [],
        unknownRows: [],
        interrupted: [],
        checkedAt: new Date().toISOString(),
      });
    }
  },
  onStatus(status) {
    set({ statuses: { ...get().statuses, [status.connectionId]: status } });
  },
  async saveConnection(input) {
    const saved = await get().client.call('connections.save', input);
    await get().loadConnections();
    return saved;
  },
  async removeConnection(id) {
    await get().client.call('connections.remove', { id });
    if (get().activeConnectionId === id) set({ activeConnectionId: null });
    await get().loadConnections();
  },
  async testConnection(id) {
    return tested(() => get().client.call('connections.test', { id }));
  },
  async testSettings(input) {
    return tested(() => get().client.call('connections.testSettings', input));
  },
  async unlockConnection(id, databaseName) {
    await get().client.call('connections.unlock', { id, databaseName });
    // The service holds who is unlocked: the list says so, here and after a reload.
    await get().loadConnections();
  },
});
