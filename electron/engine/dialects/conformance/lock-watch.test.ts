// Dialect conformance: watching who a statement waits for (capabilities.lockWatch), which a
// guarded run reports while its statement queues for a table lock. Expected values (with the
// SQL that takes and waits for a lock) per target: see connect.test.ts.
import { expect, it } from 'vitest';
import { describeTargets, type TargetName } from '../../../../test/support/dialect-targets.ts';

type Expected =
  | {
      readonly watches: true;
      /** The session's server process id, as the blockers name it. */
      readonly ownPid: string;
      /** Run by the holder: takes a lock on t and keeps it. */
      readonly hold: readonly string[];
      /** Run by the watched session: waits for that lock. */
      readonly blocked: string;
      readonly holderState: string;
    }
  | { readonly watches: false; readonly refusal: RegExp };

const EXPECTED: Record<TargetName, Expected> = {
  'sqlite file': { watches: false, refusal: /SQLite statements wait for a writer's lock/ },
  'sqlite :memory:': { watches: false, refusal: /SQLite statements wait for a writer's lock/ },
  'postgres (embedded)': {
    watches: true,
    ownPid: 'SELECT pg_backend_pid() AS pid',
    hold: ['BEGIN', 'SELECT count(*) FROM t'],
    blocked: 'ALTER TABLE t ADD COLUMN v integer',
    holderState: 'idle in transaction',
  },
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describeTargets('lock watch', (target, fixture) => {
  const expected = EXPECTED[target.name];

  it('names the session a statement waits for, where the capability says it can', async () => {
    const db = await fixture();
    const watched = await db.connect();
    expect(watched.capabilities.lockWatch).toBe(expected.watches);
    if (!expected.watches) {
      await expect(watched.openLockWatch(db.url)).rejects.toThrow(expected.refusal);
      return;
    }
    const holder = await db.connect();
    await watched.execute('CREATE TABLE t (id integer)');
    const holderPid = Number((await holder.query<{ pid: unknown }>(expected.ownPid))[0]?.pid);
    for (const statement of expected.hold) await holder.execute(statement);
    const watch = await watched.openLockWatch(db.url);
    try {
      expect(await watch.blockers()).toEqual([]);
      const waiting = watched.execute(expected.blocked);
      let blockers = await watch.blockers();
      for (let i = 0; blockers.length === 0 && i < 200; i++) {
        await sleep(25);
        blockers = await watch.blockers();
      }
      expect(blockers).toEqual([expect.objectContaining({ pid: holderPid, state: expected.holderState })]);
      await holder.execute('ROLLBACK');
      await waiting;
      expect(await watch.blockers()).toEqual([]);
    } finally {
      await watch.close();
    }
  });
});
