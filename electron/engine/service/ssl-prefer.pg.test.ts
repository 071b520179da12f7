// SSL mode prefer: TLS when the server offers it, plain text only when it does not, and the
// studio told which. The run's embedded PostgreSQL offers no TLS; a second one, started here
// with a throwaway self-signed certificate, does.
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { startEmbeddedPostgres, type RunningPostgres } from '../../../test/support/embedded-postgres.ts';
import { chain, writeProject } from '../../../test/support/projects.ts';
import type { DatabaseTarget } from '../dialects/registry.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService } from './service.ts';
import { resolveSslPrefer, serverOffersTls } from './ssl-prefer.ts';

let plainDb: TestDatabase;
let tlsServer: RunningPostgres;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strata-ssl-'));
  [plainDb, tlsServer] = await Promise.all([createPostgresDatabase(), startEmbeddedPostgres({ tls: true })]);
});

afterAll(async () => {
  await Promise.all([plainDb?.drop(), tlsServer?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

function withSslMode(url: string, mode: string): string {
  const u = new URL(url);
  u.searchParams.set('sslmode', mode);
  return u.toString();
}

function urlOf(target: DatabaseTarget): string {
  if (target.dialect !== 'postgres') throw new Error('not PostgreSQL');
  return target.url;
}

/** Whether a session opened with `url` is encrypted, as the server sees it. */
async function sessionIsEncrypted(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return rows[0]?.ssl === true;
  } finally {
    await client.end();
  }
}

/** A studio connection to `url` saved with sslMode prefer, in a service over a small PostgreSQL project. */
async function withPreferConnection(
  url: string,
  name: string,
  work: (call: ReturnType<typeof createService>['handlers'], id: string) => Promise<void>,
): Promise<void> {
  const u = new URL(url);
  const service = createService({
    projectDir: writeProject('postgres', chain(2), join(dir, name)),
    configDir: join(dir, `${name}-config`),
    secrets: new MemorySecretStore(),
    emit: () => {},
  });
  try {
    const settings = {
      kind: 'postgres' as const,
      host: u.hostname,
      port: Number(u.port),
      database: u.pathname.slice(1),
      user: decodeURIComponent(u.username),
      sslMode: 'prefer' as const,
    };
    const saved = await service.handlers['connections.save']({
      name,
      settings,
      password: decodeURIComponent(u.password),
      protected: false,
    });
    await work(service.handlers, saved.id);
  } finally {
    await service.dispose();
  }
}

describe('SSL mode prefer', () => {
  it('on a server without TLS: plain text, and says so', async () => {
    const decided = await resolveSslPrefer({ dialect: 'postgres', url: withSslMode(plainDb.url, 'prefer') }, 3_000);
    expect(decided.tls).toBe(false);
    expect(new URL(urlOf(decided.target)).searchParams.has('sslmode')).toBe(false);
    expect(await sessionIsEncrypted(urlOf(decided.target))).toBe(false);
  });

  it(
    'on a server with TLS: an encrypted session, ' + 'the certificate unchecked (as libpq), nothing in the server log',
    async () => {
      const decided = await resolveSslPrefer({ dialect: 'postgres', url: withSslMode(tlsServer.url, 'prefer') }, 3_000);
      expect(decided.tls).toBe(true);
      expect(new URL(urlOf(decided.target)).searchParams.get('sslmode')).toBe('no-verify');
      expect(await sessionIsEncrypted(urlOf(decided.target))).toBe(true);
      // The probe completed its handshake before leaving: PostgreSQL logs a half-done one.
      expect(tlsServer.log()).not.toMatch(/could not accept SSL connection|incomplete startup packet/);
    },
  );

  it('names a server it cannot reach', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    await expect(serverOffersTls('127.0.0.1', port, 3_000)).rejects.toThrow(`connect ECONNREFUSED 127.0.0.1:${port}`);
  });

  it('leaves the other modes as they are', async () => {
    for (const [mode, tls] of [
      ['disable', false],
      ['require', true],
      ['verify-full', true],
    ] as const) {
      const target = { dialect: 'postgres' as const, url: withSslMode(plainDb.url, mode) };
      expect(await resolveSslPrefer(target, 3_000)).toEqual({ target, tls });
    }
    expect(await resolveSslPrefer({ dialect: 'postgres', url: plainDb.url }, 3_000)).toMatchObject({ tls: false });
  });

  it(
    'a studio connection saved with prefer works on both servers, ' + 'and its test says whether it is encrypted',
    async () => {
      await withPreferConnection(plainDb.url, 'plain', async (call, id) => {
        expect(await call['connections.test']({ id })).toMatchObject({ ok: true, error: null, tls: false });
        expect(await call['database.status']({ id })).toMatchObject({ reachable: true, error: null, rows: [] });
        expect(
          (await call['run.plan']({ connectionId: id, direction: 'upgrade', target: 'heads' })).steps,
        ).toHaveLength(2);
      });
      await withPreferConnection(tlsServer.url, 'tls', async (call, id) => {
        expect(await call['connections.test']({ id })).toMatchObject({ ok: true, error: null, tls: true });
        expect(await call['database.status']({ id })).toMatchObject({ reachable: true, error: null, rows: [] });
      });
    },
  );
});
