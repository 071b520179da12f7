// The studio runs an Alembic project through alembic itself (Debian's python3-alembic), on
// SQLite, through its contract door: the plan first, alembic's lines streamed as run events,
// the steps and the head reached read back from alembic_version (written by alembic alone);
// a stamp; protected connections confirmed and unlocked as for native runs; a connection that
// is not alembic's database refused; a cancel that stops alembic's whole process group and
// reports what alembic_version says; a clear message when alembic is missing.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunEventInfo } from '../shared/api/run.ts';
import { accountProject, alembic, setBody } from './support/alembic.ts';
import { openStudioDoor, outputLines, type StudioDoor } from './support/studio-door.ts';

function project(): string {
  const dir = accountProject('sqlite:///app.db', ['a3']);
  // a3 starts a child process, says so, and waits: a cancel must stop both.
  setBody(
    dir,
    'a3_message_of_a3.py',
    'import subprocess, time\n' +
      "    child = subprocess.Popen(['sleep', '300'])\n" +
      "    open('a3-child.pid', 'w').write(str(child.pid))\n" +
      "    print('a3 is waiting', flush=True)\n" +
      '    time.sleep(300)',
  );
  return dir;
}

const rowsOf = (dir: string): string[] => {
  const db = new Database(join(dir, 'app.db'), { readonly: true });
  try {
    return (db.prepare('SELECT version_num FROM alembic_version').all() as { version_num: string }[]).map(
      (r) => r.version_num,
    );
  } finally {
    db.close();
  }
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const doors: StudioDoor[] = [];
afterAll(async () => {
  for (const d of doors) await d.dispose();
});

function door(dir: string): StudioDoor {
  const d = openStudioDoor(dir);
  doors.push(d);
  return d;
}

const of = <T extends RunEventInfo['type']>(events: RunEventInfo[], type: T): Extract<RunEventInfo, { type: T }>[] =>
  events.filter((e): e is Extract<RunEventInfo, { type: T }> => e.type === type);

describe('the studio runs an Alembic project through alembic (SQLite)', () => {
  it('plan, streamed lines, steps, the head reached; a stamp; alembic_version written by alembic only', async () => {
    const dir = project();
    const d = door(dir);
    const connections = await d.ok<{ id: string; settings: { path: string } }[]>('connections.list');
    expect(connections.map((c) => c.id)).toEqual(['default']);
    expect(connections[0]?.settings.path).toBe('app.db');
    const plan = await d.ok<{ steps: { revision: string }[] }>('run.plan', {
      connectionId: 'default',
      direction: 'upgrade',
      target: 'a2',
    });
    expect(plan.steps.map((s) => s.revision)).toEqual(['a1', 'a2']);

    const { runId } = await d.ok<{ runId: string }>('run.start', {
      connectionId: 'default',
      direction: 'upgrade',
      target: 'a2',
    });
    const events = await d.finished(runId);
    expect(events[0]).toEqual({ type: 'plan', steps: expect.any(Array), rows: [] });
    expect(of(events, 'step-start').map((e) => e.revision)).toEqual(['a1', 'a2']);
    expect(of(events, 'step-end').map((e) => e.revision)).toEqual(['a1', 'a2']);
    const lines = outputLines(events);
    expect(lines).toContain(`alembic upgrade a2  (in ${dir})`);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/Running upgrade {2}-> a1, message of a1$/)]));
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/Running upgrade a1 -> a2, message of a2$/)]));
    // each line on its own: alembic's output is streamed line by line, never as chunks
    for (const l of lines) expect(l).not.toContain('\n');
    expect(lines.at(-1)).toBe('alembic_version now: a2');
    expect(events.at(-1)).toMatchObject({ type: 'done', applied: 2, rows: ['a2'] });
    expect(rowsOf(dir)).toEqual(['a2']);
    expect(alembic(dir, ['current']).stdout.trim()).toBe('a2');
    const status = await d.ok<{ rows: string[] }>('database.status', { id: 'default' });
    expect(status.rows).toEqual(['a2']);

    const stamp = await d.ok<{ runId: string }>('run.start', {
      connectionId: 'default',
      direction: 'downgrade',
      target: 'a1',
      stamp: true,
    });
    const stamped = await d.finished(stamp.runId);
    expect(outputLines(stamped)).toContain(`alembic stamp a1  (in ${dir})`);
    expect(stamped.at(-1)).toMatchObject({ type: 'done', rows: ['a1'] });
    expect(alembic(dir, ['current']).stdout.trim()).toBe('a1');
    // the table alembic made is the only one strata's run touched: no strata_* table appeared
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    );
    db.close();
    expect(tables.sort()).toEqual(['account', 'alembic_version']);
    expect(d.violations).toEqual([]);
  });

  it('a cancel stops alembic and what it started, then reports what alembic_version says', async () => {
    const dir = project();
    const d = door(dir);
    const { runId } = await d.ok<{ runId: string }>('run.start', {
      connectionId: 'default',
      direction: 'upgrade',
      target: 'heads',
    });
    await expect.poll(() => outputLines(d.runEvents(runId)).includes('a3 is waiting'), { timeout: 60_000 }).toBe(true);
    const child = Number(readFileSync(join(dir, 'a3-child.pid'), 'utf8'));
    expect(alive(child)).toBe(true);
    expect(await d.ok('run.cancel', { runId })).toEqual({ cancelled: true });
    const events = await d.finished(runId, 30_000);
    const failed = events.at(-1) as Extract<RunEventInfo, { type: 'failed' }>;
    expect(failed).toMatchObject({ type: 'failed', cancelled: true, revision: 'a3' });
    expect(failed.rows).toEqual(rowsOf(dir));
    expect(failed.message).toMatch(/was cancelled; alembic_version now: /);
    await expect.poll(() => alive(child), { timeout: 10_000 }).toBe(false);
    expect(d.violations).toEqual([]);
  });

  it('protected: the name typed, downgrade only unlocked; a connection alembic does not use is refused', async () => {
    const dir = project();
    const d = door(dir);
    const prod = await d.ok<{ id: string }>('connections.save', {
      name: 'prod',
      settings: { kind: 'sqlite', path: join(dir, 'app.db') },
      protected: true,
    });
    const up = { connectionId: prod.id, direction: 'upgrade', target: 'a2' };
    expect(await d.call('run.start', up)).toMatchObject({ ok: false, error: { code: 'protected' } });
    expect(existsSync(join(dir, 'app.db'))).toBe(false);
    const { runId } = await d.ok<{ runId: string }>('run.start', { ...up, confirmDatabaseName: 'app.db' });
    expect((await d.finished(runId)).at(-1)).toMatchObject({ type: 'done', rows: ['a2'] });
    const down = { connectionId: prod.id, direction: 'downgrade', target: 'base', confirmDatabaseName: 'app.db' };
    expect(await d.call('run.start', down)).toMatchObject({
      ok: false,
      error: {
        code: 'protected',
        message: expect.stringMatching(/downgrade is refused unless the connection is unlocked/),
      },
    });
    await d.ok('connections.unlock', { id: prod.id, databaseName: 'app.db' });
    const back = await d.ok<{ runId: string }>('run.start', down);
    expect((await d.finished(back.runId)).at(-1)).toMatchObject({ type: 'done', applied: 2, rows: [] });
    expect(rowsOf(dir)).toEqual([]);

    const other = await d.ok<{ id: string }>('connections.save', {
      name: 'elsewhere',
      settings: { kind: 'sqlite', path: join(dir, 'other.db') },
      protected: false,
    });
    const refused = await d.call('run.start', { connectionId: other.id, direction: 'upgrade', target: 'a1' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!refused.ok && refused.error.message).toMatch(
      new RegExp(
        `alembic connects to ${join(dir, 'app.db')} \\(sqlalchemy.url in .*alembic.ini\\), not to this connection`,
      ),
    );
    expect(existsSync(join(dir, 'other.db'))).toBe(false);
    expect(d.violations).toEqual([]);
  });

  it('alembic missing: the run fails with what to install or configure, and nothing is written', async () => {
    const dir = project();
    writeFileSync(
      join(dir, 'strata.alembic.json'),
      JSON.stringify({ command: ['/nonexistent/python', '-m', 'alembic'] }),
    );
    const d = door(dir);
    const { runId } = await d.ok<{ runId: string }>('run.start', {
      connectionId: 'default',
      direction: 'upgrade',
      target: 'heads',
    });
    const failed = (await d.finished(runId)).at(-1);
    expect(failed).toMatchObject({ type: 'failed', cancelled: false, rows: [], rolledBack: true });
    expect((failed as { message: string }).message).toMatch(
      /alembic cannot be run: '\/nonexistent\/python' was not found.*"command" in strata\.alembic\.json/,
    );
    expect(existsSync(join(dir, 'app.db'))).toBe(false);
  });
});
