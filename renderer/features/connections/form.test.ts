import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../shared/api/connections.ts';
import {
  databaseNameOf,
  emptyForm,
  formFrom,
  formFromUrl,
  isDirty,
  toSaveInput,
  toTestInput,
  validate,
  withPassword,
} from './form.ts';

const pg: ConnectionInfo = {
  id: 'c1',
  name: 'staging',
  settings: { kind: 'postgres', host: 'db.internal', port: 5432, database: 'app', user: 'deploy', sslMode: 'require' },
  protected: true,
  hasPassword: true,
  secretStorage: 'keychain',
  builtIn: false,
};
const lite: ConnectionInfo = {
  id: 'default',
  name: 'dev',
  settings: { kind: 'sqlite', path: 'data/dev.sqlite' },
  protected: false,
  hasPassword: false,
  secretStorage: 'none',
  builtIn: true,
};

describe('connection form', () => {
  it('names every missing field of a new PostgreSQL connection', () => {
    const errors = validate({ ...emptyForm('postgres'), host: '', user: '' });
    expect(Object.keys(errors).sort()).toEqual(['database', 'host', 'name', 'user']);
  });

  it('checks the port and refuses a name another connection has', () => {
    const form = { ...formFrom(pg), port: '70000' };
    expect(validate(form, [pg], 'c1').port).toMatch(/1 to 65535/);
    expect(validate({ ...form, port: '5432' }, [pg], 'c1')).toEqual({});
    expect(validate({ ...emptyForm('sqlite'), name: 'Staging', path: 'x.db' }, [pg], null).name).toMatch(
      /Another connection/,
    );
  });

  it('keeps the stored password unless one is typed or removal is asked for', () => {
    const form = formFrom(pg);
    expect(form.password).toBe('');
    expect(toSaveInput(form, 'c1')).not.toHaveProperty('password');
    expect(toSaveInput(withPassword(form, 'pw'), 'c1').password).toBe('pw');
    expect(toSaveInput(withPassword(withPassword(form, 'pw'), ''), 'c1')).not.toHaveProperty('password');
    expect(toSaveInput({ ...form, passwordAction: 'remove' }, 'c1').password).toBeNull();
  });

  it('builds the settings the contract expects, trimmed, with a numeric port', () => {
    const input = toSaveInput({ ...formFrom(pg), host: ' db.internal ', port: ' 6543 ' }, 'c1');
    expect(input).toEqual({
      id: 'c1',
      name: 'staging',
      settings: {
        kind: 'postgres',
        host: 'db.internal',
        port: 6543,
        database: 'app',
        user: 'deploy',
        sslMode: 'require',
      },
      protected: true,
      // Saved in the project open now unless ticked shared.
      shared: false,
    });
    expect(toSaveInput({ ...emptyForm('sqlite'), name: 'n', path: 'a.db' }, null)).toEqual({
      name: 'n',
      settings: { kind: 'sqlite', path: 'a.db' },
      protected: false,
      shared: false,
    });
    expect(toSaveInput({ ...emptyForm('sqlite'), name: 'n', path: 'a.db', shared: true }, null).shared).toBe(true);
  });

  it('is dirty only when saving would change something', () => {
    expect(isDirty(formFrom(pg), pg)).toBe(false);
    expect(isDirty({ ...formFrom(pg), port: '5433' }, pg)).toBe(true);
    expect(isDirty({ ...formFrom(pg), protected: false }, pg)).toBe(true);
    expect(isDirty(withPassword(formFrom(pg), 'x'), pg)).toBe(true);
    expect(isDirty(formFrom(pg), undefined)).toBe(true);
  });

  it('names the database a protected connection asks for', () => {
    expect(databaseNameOf(pg)).toBe('app');
    expect(databaseNameOf(lite)).toBe('dev.sqlite');
  });
});

describe('a pasted postgres:// URL', () => {
  it('fills the fields, the password going to the password field', () => {
    const next = formFromUrl(
      emptyForm('sqlite'),
      'postgresql://app%40corp:s3cr%2Ft@db.internal:6543/billing?sslmode=require',
    );
    expect(next).toMatchObject({
      kind: 'postgres',
      host: 'db.internal',
      port: '6543',
      database: 'billing',
      user: 'app@corp',
      password: 's3cr/t',
      passwordAction: 'set',
      sslMode: 'require',
      name: 'billing on db.internal',
    });
    // The password goes to the keychain through the save input, never into the settings.
    if ('error' in next) throw new Error(next.error);
    const input = toSaveInput(next, null);
    expect(JSON.stringify(input.settings)).not.toContain('s3cr');
    expect(input.password).toBe('s3cr/t');
  });

  it('keeps what the URL leaves out, and says what is wrong with what is not one', () => {
    const form = { ...emptyForm('postgres'), name: 'staging', sslMode: 'disable' as const };
    expect(formFromUrl(form, 'postgres://h/db')).toMatchObject({
      name: 'staging',
      port: '5432',
      user: 'postgres',
      sslMode: 'disable',
      passwordAction: 'keep',
    });
    expect(formFromUrl(form, 'mysql://h/db')).toEqual({ error: 'A postgres:// URL, not mysql://' });
    expect(formFromUrl(form, 'db.internal')).toMatchObject({ error: expect.stringMatching(/^Not a URL/) });
    expect(formFromUrl(form, 'postgres://h/db?sslmode=allow')).toMatchObject({
      error: expect.stringMatching(/sslmode=allow/),
    });
  });
});

describe("the dialog's Test", () => {
  it('sends the settings as typed, the typed password, or the stored one of the connection edited', () => {
    const form = { ...emptyForm('postgres'), name: 'x', database: 'app' };
    expect(toTestInput(form, null)).toEqual({
      settings: expect.objectContaining({ kind: 'postgres', database: 'app' }),
    });
    expect(toTestInput(withPassword(form, 'pw'), 'c1')).toMatchObject({ password: 'pw' });
    expect(toTestInput(withPassword(form, 'pw'), 'c1')).not.toHaveProperty('id');
    expect(toTestInput(form, 'c1')).toMatchObject({ id: 'c1' });
  });
});
