import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../../../shared/api/connections.ts';
import { databaseNameOf, emptyForm, formFrom, isDirty, toSaveInput, validate, withPassword } from './form.ts';

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
    });
    expect(toSaveInput({ ...emptyForm('sqlite'), name: 'n', path: 'a.db' }, null)).toEqual({
      name: 'n',
      settings: { kind: 'sqlite', path: 'a.db' },
      protected: false,
    });
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
