// A damaged connections store never stops the studio: kept aside as
// connections.json.broken-<date>, the studio starts with none and says so.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/api/contract.ts';
import { copySample } from '../../../test/support/projects.ts';
import { ConnectionStore, fileDate } from './connection-store.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService } from './service.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function configDir(contents?: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'strata-store-'));
  temps.push(dir);
  if (contents !== undefined) writeFileSync(join(dir, 'connections.json'), contents);
  return dir;
}

const AT = new Date(Date.UTC(2026, 2, 5, 10, 11, 12, 345));
const KEPT = 'connections.json.broken-2026-03-05T10-11-12-345Z';
const GOOD = JSON.stringify({
  connections: [{ id: 'c1', name: 'staging', settings: { kind: 'sqlite', path: 'x.sqlite' }, protected: false }],
});

describe('ConnectionStore', () => {
  it('dates are ISO and safe in a file name', () => {
    expect(fileDate(AT)).toBe('2026-03-05T10-11-12-345Z');
  });

  it('reads a good file, and no file at all, without a notice', () => {
    expect(new ConnectionStore(configDir(GOOD)).list().map((c) => c.name)).toEqual(['staging']);
    const empty = new ConnectionStore(configDir());
    expect(empty.list()).toEqual([]);
    expect(empty.notice).toBeNull();
  });

  for (const [what, contents, reason] of [
    ['invalid JSON', '{"connections": [', /^not valid JSON \(/],
    ['JSON of another shape', '{"connections": [{"id": 1}]}', /^not a list of connections \(connections\.0\.id: /],
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0xff, 0x7d]), /^line 1: bytes that are not UTF-8/],
    ['an empty file', '', /^not valid JSON/],
  ] as const) {
    it(`${what}: kept aside, started empty, a notice naming the file`, () => {
      const dir = configDir(contents);
      const store = new ConnectionStore(dir, () => AT);
      expect(store.list()).toEqual([]);
      expect(store.notice).toMatchObject({ file: join(dir, 'connections.json'), keptAs: join(dir, KEPT) });
      expect(store.notice?.reason).toMatch(reason);
      expect(readFileSync(join(dir, KEPT))).toEqual(Buffer.from(contents));
      expect(existsSync(join(dir, 'connections.json'))).toBe(false);
      // The next save writes a fresh file and leaves the kept one alone.
      store.save({ name: 'new', settings: { kind: 'sqlite', path: 'n.sqlite' }, protected: false });
      expect(new ConnectionStore(dir).list().map((c) => c.name)).toEqual(['new']);
      expect(readdirSync(dir).sort()).toEqual(['connections.json', KEPT]);
    });
  }

  it('a folder in its place is kept aside too', () => {
    const dir = configDir();
    mkdirSync(join(dir, 'connections.json'));
    const store = new ConnectionStore(dir, () => AT);
    expect(store.notice).toMatchObject({ keptAs: join(dir, KEPT), reason: 'is a folder, not a regular file' });
  });

  it('two damaged starts in the same millisecond keep both files', () => {
    const dir = configDir('nope');
    new ConnectionStore(dir, () => AT);
    writeFileSync(join(dir, 'connections.json'), 'nope again');
    expect(new ConnectionStore(dir, () => AT).notice?.keptAs).toBe(join(dir, `${KEPT}-2`));
    expect(readFileSync(join(dir, KEPT), 'utf8')).toBe('nope');
  });

  it('a file that cannot be moved aside is still no reason to stop', () => {
    const dir = configDir('{');
    chmodSync(dir, 0o555);
    try {
      // Root may rename anyway; then the file was kept aside as usual.
      const store = new ConnectionStore(dir, () => AT);
      expect(store.list()).toEqual([]);
      if (store.notice?.keptAs === null) expect(store.notice.reason).toMatch(/could not be moved aside \(EACCES\)$/);
      else expect(store.notice?.keptAs).toBe(join(dir, KEPT));
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('the service over a damaged store', () => {
  it('opens, lists the embedded connection, and says where the damaged file went', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-store-service-'));
    temps.push(root);
    const project = copySample(join(root, 'project'));
    const config = join(root, 'config');
    mkdirSync(config);
    writeFileSync(join(config, 'connections.json'), '{ this is not json');
    const service = createService({
      projectDir: project,
      configDir: config,
      secrets: new MemorySecretStore(),
      emit: () => {},
    });
    try {
      const info = contract['project.info'].output.parse(await service.handlers['project.info']({}));
      expect(info.connectionsNotice).toMatchObject({
        file: join(config, 'connections.json'),
        keptAs: expect.stringMatching(/connections\.json\.broken-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/),
      });
      const list = contract['connections.list'].output.parse(await service.handlers['connections.list']({}));
      expect(list.map((c) => c.id)).toEqual(['default']);
      expect(existsSync(info.connectionsNotice?.keptAs as string)).toBe(true);
    } finally {
      await service.dispose();
    }
  });
});

describe('connections belong to a project', () => {
  it('lists a project its own connections and the shared ones; an older file stays shared', () => {
    const dir = configDir(GOOD);
    const store = new ConnectionStore(dir);
    store.save({
      id: 'a',
      name: 'a only',
      settings: { kind: 'sqlite', path: 'a.sqlite' },
      protected: false,
      project: '/p/a',
    });
    store.save({ id: 's', name: 'shared', settings: { kind: 'sqlite', path: 's.sqlite' }, protected: false });
    const again = new ConnectionStore(dir);
    expect(again.listFor('/p/a').map((c) => c.id)).toEqual(['c1', 'a', 's']);
    expect(again.listFor('/p/b').map((c) => c.id)).toEqual(['c1', 's']);
    // Keyed by the project's path, never holding a password.
    const stored = JSON.parse(readFileSync(join(dir, 'connections.json'), 'utf8')) as { connections: unknown[] };
    expect(stored.connections[1]).toEqual({
      id: 'a',
      name: 'a only',
      settings: { kind: 'sqlite', path: 'a.sqlite' },
      protected: false,
      project: '/p/a',
    });
  });

  it('through the service: listed in its project only unless shared; the wrong dialect refused', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-store-projects-'));
    temps.push(root);
    const first = copySample(join(root, 'first'));
    const second = copySample(join(root, 'second'));
    const service = createService({
      projectDir: first,
      configDir: join(root, 'config'),
      secrets: new MemorySecretStore(),
      emit: () => {},
      watch: false,
    });
    try {
      const h = service.handlers;
      const sqlite = (path: string) => ({ kind: 'sqlite' as const, path });
      await h['connections.save']({ name: 'mine', settings: sqlite('mine.sqlite'), protected: false });
      await h['connections.save']({ name: 'everyone', settings: sqlite('all.sqlite'), protected: false, shared: true });
      const names = async () => (await h['connections.list']({})).map((c) => `${c.name}${c.shared ? ' (shared)' : ''}`);
      expect(await names()).toEqual(['first (embedded)', 'mine', 'everyone (shared)']);
      await h['project.open']({ dir: second });
      expect(await names()).toEqual(['second (embedded)', 'everyone (shared)']);
      const pg = {
        kind: 'postgres' as const,
        host: 'db',
        port: 5432,
        database: 'app',
        user: 'app',
        sslMode: 'disable' as const,
      };
      await expect(h['connections.save']({ name: 'prod', settings: pg, protected: false })).rejects.toThrow(
        "the project is written for sqlite but the connection 'prod' points at a postgres database",
      );
      expect(await names()).toEqual(['second (embedded)', 'everyone (shared)']);
    } finally {
      await service.dispose();
    }
  });
});
