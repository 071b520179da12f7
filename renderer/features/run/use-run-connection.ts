// The connection a run targets, and what must be typed to confirm a change on it.
import type { ConnectionInfo } from '../../../shared/api/connections.ts';
import { useStudio } from '../../store/context.tsx';

export interface RunConnection {
  readonly info: ConnectionInfo | undefined;
  readonly name: string;
  readonly protected: boolean;
  /** Protected connections: the database name the user types (the service checks it too). */
  readonly databaseName: string;
}

export function databaseNameOf(info: ConnectionInfo): string {
  return info.settings.kind === 'postgres'
    ? info.settings.database
    : (info.settings.path.split(/[\\/]/).pop() ?? info.settings.path);
}

export function useRunConnection(connectionId: string): RunConnection {
  const info = useStudio((s) => s.connections.find((c) => c.id === connectionId));
  return {
    info,
    name: info?.name ?? connectionId,
    protected: info?.protected ?? false,
    databaseName: info ? databaseNameOf(info) : '',
  };
}
