import { describe, expect, it } from 'vitest';
import { connectedMessage, reachability } from './connections-slice.ts';

describe('a successful connection test, for people', () => {
  it('says whether the session is encrypted, so that SSL mode prefer never falls back to plain text unseen', () => {
    const base = { ok: true, serverVersion: '18.1', error: null, ms: 12.4 };
    expect(connectedMessage({ ...base, tls: false })).toBe('Connected in 12 ms (18.1), not encrypted: plain text');
    expect(connectedMessage({ ...base, tls: true })).toBe('Connected in 12 ms (18.1), encrypted (TLS)');
    expect(connectedMessage({ ...base, serverVersion: '3.46.0', tls: null })).toBe('Connected in 12 ms (3.46.0)');
  });
});

describe('reachability, which colours every status dot', () => {
  it('is green only for a status that reached the database', () => {
    const status = {
      connectionId: 'c1',
      error: null,
      rows: [],
      applied: [],
      unknownRows: [],
      interrupted: [],
      checkedAt: '2026-12-07T10:00:00Z',
    };
    expect(reachability({ ...status, reachable: true })).toBe('reachable');
    expect(reachability({ ...status, reachable: false, error: 'connect ECONNREFUSED' })).toBe('unreachable');
    expect(reachability('loading')).toBe('loading');
    expect(reachability(undefined)).toBe('loading');
  });
});
