// Dialect conformance: the run lock every Strata runner holds from its first read of the
// version table to its last write. A second runner waits and is told who holds it, gives up
// after --lock-wait, stops waiting on a cancel. Expected values per target: see connect.test.ts.
import { hostname } from 'node:os';
import { expect, it } from 'vitest';
import { describeTargets, type TargetName } from '../../../../test/support/dialect-targets.ts';
import {
  HISTORY_TABLE,
  RunLockTimeoutError,
  type Connection,
  type RunLockHolder,
  type StrataTables,
} from '../dialect.ts';

const tables: StrataTables = { version: 'strata_version', history: HISTORY_TABLE };

interface Expected {
  /**
   * A second session waits while the first holds the lock (every ':memory:' connection is a database of its own:
   * nothing to share).
   */
  readonly exclusive: boolean;
  /** What another session hears of this process holding the lock. */
  readonly holder: Pick<RunLockHolder, 'pid' | 'host'> | undefined;
}

const THIS_PROCESS = { pid: process.pid, host: hostname() };

const EXPECTED: Record<TargetName, Expected> = {
  'sqlite file': { exclusive: true, holder: THIS_PROCESS },
  'sqlite :memory:': { exclusive: false, holder: undefined },
  'postgres (embedded)': { exclusive: true, holder: THIS_PROCESS },
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with whether `promise` settled within `ms`. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await sleep(ms);
  return settled;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await sleep(20);
  }
}

describeTargets('run lock', (target, fixture) => {
  const expected = EXPECTED[target.name];
  const pair = async (): Promise<[Connection, Connection]> => {
    const db = await fixture();
    return [await db.connect(), await db.connect()];
  };

  it('is free at first; names its holder while held, and nobody once released', async () => {
    const [first, second] = await pair();
    expect(await second.runLockHolder(tables)).toBeUndefined();
    const release = await first.acquireRunLock(tables);
    const holder = await second.runLockHolder(tables);
    if (expected.holder === undefined) expect(holder).toBeUndefined();
    else {
      expect(holder).toMatchObject(expected.holder);
      expect(holder?.since).toBeInstanceOf(Date);
    }
    await release();
    expect(await second.runLockHolder(tables)).toBeUndefined();
  });

  it('keeps a second runner waiting, tells it who holds the lock, and lets it in once released', async () => {
    const [first, second] = await pair();
    const release = await first.acquireRunLock(tables);
    const heard: (RunLockHolder | undefined)[] = [];
    const waiting = second.acquireRunLock(tables, { onWait: (holder) => heard.push(holder) });
    if (!expected.exclusive) {
      await (
        await waiting
      )();
      expect(heard).toEqual([]);
      await release();
      return;
    }
    const told = await waitFor(() => heard[0]);
    expect(told).toMatchObject(expected.holder ?? {});
    expect(await settlesWithin(waiting, 300)).toBe(false);
    await release();
    const releaseSecond = await waiting;
    expect(await first.runLockHolder(tables)).toMatchObject(expected.holder ?? {});
    await releaseSecond();
  });

  it('gives up after the time it may wait (--lock-wait), naming the holder', async () => {
    const [first, second] = await pair();
    const release = await first.acquireRunLock(tables);
    try {
      const started = Date.now();
      const outcome = await second.acquireRunLock(tables, { waitMs: 300 }).catch((e: unknown) => e);
      if (!expected.exclusive) {
        expect(typeof outcome).toBe('function');
        await (outcome as () => Promise<void>)();
        return;
      }
      expect(outcome).toBeInstanceOf(RunLockTimeoutError);
      expect((outcome as RunLockTimeoutError).holder).toMatchObject(expected.holder ?? {});
      expect((outcome as RunLockTimeoutError).waitedMs).toBeGreaterThanOrEqual(250);
      expect(Date.now() - started).toBeLessThan(10_000);
      // The session that gave up is usable, and the lock still the first runner's.
      expect(await second.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      expect(await second.runLockHolder(tables)).toMatchObject(expected.holder ?? {});
    } finally {
      await release();
    }
  });

  it('stops waiting when the run is cancelled (the signal, and cancel() where the driver has it)', async () => {
    const [first, second] = await pair();
    const release = await first.acquireRunLock(tables);
    try {
      const controller = new AbortController();
      // What the runner does on a cancel: abort, and stop the statement in flight where it can.
      const cancel = (): void => {
        controller.abort();
        if (second.capabilities.cancel) void second.cancel();
      };
      const waiting = second.acquireRunLock(tables, {
        signal: controller.signal,
        onWait: () => setTimeout(cancel, 200),
      });
      if (!expected.exclusive) {
        await (
          await waiting
        )();
        return;
      }
      await expect(waiting).rejects.toThrow();
      expect(await second.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await release();
    }
  });
});
