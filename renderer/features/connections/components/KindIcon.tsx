// The connection's kind as a small tile: a file for SQLite, a server for PostgreSQL.
import { IconDatabase, IconFile } from '../../../ui/index.ts';

export function KindIcon({ kind }: { readonly kind: 'sqlite' | 'postgres' }) {
  return (
    <span
      className={`conn-kind conn-kind--${kind}`}
      role="img"
      aria-label={kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}
      title={kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}
    >
      {kind === 'sqlite' ? <IconFile /> : <IconDatabase />}
    </span>
  );
}
