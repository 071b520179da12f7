// The protected-name rule: the name typed to confirm a change on a protected connection.
import { describe, expect, it } from 'vitest';
import { confirmsDatabase, databaseNameOf } from './connection.ts';

describe('the database name of a connection', () => {
  it('is the PostgreSQL database, or the SQLite file name whichever separator its path uses', () => {
    expect(databaseNameOf({ kind: 'postgres', database: 'billing' })).toBe('billing');
    expect(databaseNameOf({ kind: 'sqlite', path: '/srv/data/prod.sqlite' })).toBe('prod.sqlite');
    expect(databaseNameOf({ kind: 'sqlite', path: 'C:\\data\\prod.sqlite' })).toBe('prod.sqlite');
    expect(databaseNameOf({ kind: 'sqlite', path: 'prod.sqlite' })).toBe('prod.sqlite');
  });

  it('confirms only the exact name', () => {
    const settings = { kind: 'postgres', database: 'billing' } as const;
    expect(confirmsDatabase(settings, 'billing')).toBe(true);
    expect(confirmsDatabase(settings, 'Billing')).toBe(false);
    expect(confirmsDatabase(settings, undefined)).toBe(false);
  });
});
