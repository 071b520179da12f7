// The protected-name rule: a change on a protected connection is confirmed by typing the name
// of its database, the one the studio shows: the PostgreSQL database, or the SQLite file's
// name (the last part of its path, whichever separator it was written with).

export type DatabaseSettings =
  { readonly kind: 'postgres'; readonly database: string } | { readonly kind: 'sqlite'; readonly path: string };

export function databaseNameOf(settings: DatabaseSettings): string {
  if (settings.kind === 'postgres') return settings.database;
  const parts = settings.path.split(/[\\/]/);
  return parts[parts.length - 1] ?? settings.path;
}

/** Whether what a person typed confirms a change on the database of `settings`. */
export function confirmsDatabase(settings: DatabaseSettings, typed: string | undefined): boolean {
  return typed === databaseNameOf(settings);
}
