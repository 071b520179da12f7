// Which database a request is about: the command line's order of precedence, and a studio
// connection's target. Pure resolution: nothing is opened here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StrataConfig } from '../project/strata-config.ts';
import { connectionTarget, resolveDatabase } from './database.ts';
import { InvalidRequestError } from './errors.ts';

function project(config: Partial<StrataConfig> = {}): { dir: string; config: StrataConfig } {
  return {
    dir: mkdtempSync(join(tmpdir(), 'strata-db-')),
    config: { dialect: 'sqlite', versions: 'versions', versionTable: 'strata_version', ...config },
  };
}

describe('the database of a command line', () => {
  it('takes --url, then STRATA_DATABASE_URL, then the app variable, then its .env, then the embedded default', () => {
    const p = project({ databaseUrlEnv: 'APP_DB', defaultConnection: { sqlite: 'dev.sqlite' } });
    writeFileSync(join(p.dir, '.env'), "# comment\nexport APP_DB='from-dotenv.sqlite'\n");
    const cwd = '/work';
    const env = { STRATA_DATABASE_URL: 'strata.sqlite', APP_DB: 'app.sqlite' };
    expect(resolveDatabase({ url: 'url.sqlite', env, cwd }, p)).toMatchObject({
      target: { dialect: 'sqlite', path: '/work/url.sqlite' },
      explicit: true,
      source: '--url',
    });
    expect(resolveDatabase({ env, cwd }, p)).toMatchObject({
      target: { path: '/work/strata.sqlite' },
      source: 'STRATA_DATABASE_URL',
    });
    expect(resolveDatabase({ env: { APP_DB: 'app.sqlite' }, cwd }, p)).toMatchObject({
      target: { path: join(p.dir, 'app.sqlite') },
      source: 'APP_DB',
    });
    expect(resolveDatabase({ env: {}, cwd }, p)).toMatchObject({
      target: { path: join(p.dir, 'from-dotenv.sqlite') },
      explicit: true,
      source: 'APP_DB',
    });
    const embedded = project({ defaultConnection: { sqlite: 'dev.sqlite' } });
    expect(resolveDatabase({ env: {}, cwd }, embedded)).toMatchObject({
      target: { path: join(embedded.dir, 'dev.sqlite') },
      explicit: false,
      source: 'strata.json defaultConnection',
    });
  });

  it('refuses no database at all, and a database of the other dialect, as invalid requests', () => {
    expect(() => resolveDatabase({ env: {}, cwd: '/' }, project({ databaseUrlEnv: 'APP_DB' }))).toThrow(
      new InvalidRequestError(
        'no database: pass --url (a SQLite path or postgres:// URL) or set STRATA_DATABASE_URL or APP_DB',
      ),
    );
    expect(() => resolveDatabase({ url: 'postgres://u@h/db', env: {}, cwd: '/' }, project())).toThrow(
      /the project is written for sqlite but --url points at a postgres database \(postgres:\/\/u@h\/db\)/,
    );
  });
});

describe('the database of a studio connection', () => {
  it("a relative SQLite path is the project's", () => {
    expect(connectionTarget({ kind: 'sqlite', path: 'dev.sqlite' }, undefined, '/p')).toEqual({
      dialect: 'sqlite',
      path: '/p/dev.sqlite',
    });
    expect(connectionTarget({ kind: 'sqlite', path: '/data/x.sqlite' }, undefined, '/p')).toEqual({
      dialect: 'sqlite',
      path: '/data/x.sqlite',
    });
  });

  it('a PostgreSQL URL with the password encoded, an IPv6 host in brackets, and the SSL mode asked for', () => {
    const settings = {
      kind: 'postgres',
      host: '::1',
      port: 5433,
      database: 'app db',
      user: 'me@corp',
      sslMode: 'require',
    } as const;
    expect(connectionTarget(settings, 'p@ss:/', '/p')).toEqual({
      dialect: 'postgres',
      url: 'postgres://me%40corp:p%40ss%3A%2F@[::1]:5433/app%20db?sslmode=require',
    });
    expect(connectionTarget({ ...settings, host: 'db', sslMode: 'disable' }, undefined, '/p')).toEqual({
      dialect: 'postgres',
      url: 'postgres://me%40corp@db:5433/app%20db',
    });
  });
});
