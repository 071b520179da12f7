// pg, imported when PostgreSQL is first needed: a SQLite run, a `strata heads` or the
// studio's start need not pay for it.
//
// pg's lib/stream.js decides at import whether it runs in a Cloudflare Worker: when there is
// no `navigator` (Node 20 has none), it asks `typeof Response` and builds one, which makes
// Node load its whole fetch implementation (undici) — ~30 ms of every PostgreSQL CLI start,
// a tenth of psql's time for a small migration. A `navigator` that says Node answers the
// question first; it exists only while pg is imported, and only where Node has none.
import type pgTypes from 'pg';

export type Pg = typeof pgTypes;

let loading: Promise<Pg> | undefined;

export function loadPg(): Promise<Pg> {
  return (loading ??= importPg());
}

async function importPg(): Promise<Pg> {
  const shim = !('navigator' in globalThis);
  if (shim)
    Object.defineProperty(globalThis, 'navigator', {
      value: { userAgent: `Node.js/${process.versions.node}` },
      configurable: true,
      writable: true,
    });
  try {
    return (await import('pg')).default;
  } finally {
    if (shim) Reflect.deleteProperty(globalThis, 'navigator');
  }
}
