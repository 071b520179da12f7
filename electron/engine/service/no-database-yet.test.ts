// Opening a project in the studio creates no database file: a SQLite connection whose file
// does not exist yet reads as "no database yet, nothing applied" (status, history, a plan, a
// test), and only a run creates it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contract, type EventName, type Method } from '../../../shared/api/contract.ts';
import { createDispatcher } from '../../../shared/rpc/dispatcher.ts';
import { copySample } from '../../../test/support/projects.ts';
import { MemorySecretStore } from './secrets.ts';
import { createService } from './service.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('a SQLite database that does not exist yet', () => {
  it('is read as nothing applied without being created; a run creates it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-no-db-'));
    temps.push(root);
    const project = copySample(join(root, 'project'));
    const elsewhere = join(root, 'elsewhere', 'staging.sqlite');
    mkdirSync(join(root, 'elsewhere'));
    const events: { event: EventName; payload: unknown }[] = [];
    const service = createService({
      projectDir: project,
      configDir: join(root, 'config'),
      secrets: new MemorySecretStore(),
      emit: (event, payload) => events.push({ event, payload }),
    });
    const dispatch = createDispatcher(service.handlers);
    const call = async <M extends Method>(
      method: M,
      input: unknown,
    ): Promise<ReturnType<(typeof contract)[M]['output']['parse']>> => {
      const result = await dispatch(method, input);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return contract[method].output.parse(result.value) as ReturnType<(typeof contract)[M]['output']['parse']>;
    };
    const noDatabaseFiles = (): void => {
      expect(readdirSync(project).filter((f) => f.startsWith('dev.sqlite'))).toEqual([]);
      expect(existsSync(elsewhere)).toBe(false);
    };
    try {
      await call('project.info', {});
      await call('connections.save', {
        name: 'staging',
        settings: { kind: 'sqlite', path: elsewhere },
        protected: false,
      });
      const connections = await call('connections.list', {});
      expect(connections).toHaveLength(2);
      for (const c of connections) {
        expect(await call('database.status', { id: c.id }), c.name).toMatchObject({
          reachable: true,
          exists: false,
          rows: [],
          applied: [],
          unknownRows: [],
        });
        expect(await call('database.history', { connectionId: c.id })).toEqual([]);
        expect(
          (await call('run.plan', { connectionId: c.id, direction: 'upgrade', target: 'heads' })).steps,
        ).toHaveLength(31);
        expect(await call('connections.test', { id: c.id })).toMatchObject({
          ok: true,
          serverVersion: expect.stringContaining('no database file yet'),
        });
      }
      noDatabaseFiles();

      // A run is what creates it.
      const { runId } = await call('run.start', { connectionId: 'default', direction: 'upgrade', target: 'heads' });
      await expect
        .poll(
          () =>
            events.some(
              (e) =>
                e.event === 'run.event' &&
                (e.payload as { runId: string; event: { type: string } }).runId === runId &&
                (e.payload as { event: { type: string } }).event.type === 'done',
            ),
          { timeout: 30_000 },
        )
        .toBe(true);
      expect(existsSync(join(project, 'dev.sqlite'))).toBe(true);
      expect(await call('database.status', { id: 'default' })).toMatchObject({
        exists: true,
        applied: expect.arrayContaining(['0874aef793be']),
      });
    } finally {
      await service.dispose();
    }
  });

  it('a folder that cannot hold the file fails the test, still without creating anything', async () => {
    const root = mkdtempSync(join(tmpdir(), 'strata-no-db-'));
    temps.push(root);
    const project = copySample(join(root, 'project'));
    const service = createService({
      projectDir: project,
      configDir: join(root, 'config'),
      secrets: new MemorySecretStore(),
      emit: () => {},
    });
    try {
      const saved = await service.handlers['connections.save']({
        name: 'nowhere',
        settings: { kind: 'sqlite', path: join(root, 'no', 'such', 'folder.sqlite') },
        protected: false,
      });
      expect(await service.handlers['connections.test']({ id: saved.id })).toMatchObject({
        ok: false,
        error: expect.stringContaining(join(root, 'no', 'such')),
      });
      expect(existsSync(join(root, 'no'))).toBe(false);
    } finally {
      await service.dispose();
    }
  });
});
