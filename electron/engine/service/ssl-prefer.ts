// SSL mode `prefer`, as libpq means it: encrypt when the server offers TLS (without checking
// its certificate), plain text only when it does not. pg has no such mode (it reads `prefer`
// as verify-full), so a `prefer` target is made concrete before any session opens: a probe
// asks the server (PostgreSQL's SSLRequest), and the URL becomes sslmode=no-verify or carries
// no sslmode at all. Every session of the request (the runner's, a rehearsal's observer, a
// live-impact reader) then opens with the same answer, and the caller can say which it was.
//
// A probe that got 'S' completes the TLS handshake before it closes: PostgreSQL logs a
// client that drops the connection in the middle of one, and says nothing about a client
// that leaves before its startup packet.
import { connect as connectTcp, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { DatabaseTarget } from '../dialects/registry.ts';

/** PostgreSQL's SSLRequest: length 8, then the code 1234 << 16 | 5679. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

export interface ConcreteTarget {
  readonly target: DatabaseTarget;
  /** Whether the sessions are encrypted; null for SQLite. */
  readonly tls: boolean | null;
}

/** The target with `sslmode=prefer` decided; other targets as they are. */
export async function resolveSslPrefer(target: DatabaseTarget, timeoutMs: number): Promise<ConcreteTarget> {
  if (target.dialect === 'sqlite') return { target, tls: null };
  const url = new URL(target.url);
  const mode = url.searchParams.get('sslmode');
  if (mode !== 'prefer') return { target, tls: mode !== null && mode !== 'disable' };
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || 'localhost';
  const offered = await serverOffersTls(host, Number(url.port || 5432), timeoutMs);
  if (offered) url.searchParams.set('sslmode', 'no-verify');
  else url.searchParams.delete('sslmode');
  return { target: { dialect: 'postgres', url: url.toString() }, tls: offered };
}

/** Asks the server at host:port whether it speaks TLS: 'S' yes, 'N' (or an old server's error) no. */
export function serverOffersTls(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const socket = connectTcp({ host, port });
    const finish = (outcome: boolean | Error, tls?: Socket): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (tls && outcome === true) {
        // end(), not destroy(): the handshake's last message and close_notify still go out.
        tls.end();
        setTimeout(() => tls.destroy(), 1_000).unref();
      } else (tls ?? socket).destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const timer = setTimeout(
      () => finish(new Error(`connecting to ${host}:${port} timed out after ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.once('error', (error) => finish(error));
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', (reply) => {
      if (reply[0] !== 0x53) return finish(false);
      // TLS is offered: shake hands, then leave before the startup packet (see above). A
      // handshake that fails means plain text, as libpq's prefer falls back after one.
      const tls = connectTls({ socket, rejectUnauthorized: false, ...(isIP(host) === 0 ? { servername: host } : {}) });
      tls.once('secureConnect', () => finish(true, tls));
      tls.once('error', () => finish(false, tls));
    });
  });
}
