import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api/errors.ts';
import type { Transport } from '../../shared/rpc/client.ts';
import { BACKGROUND_LANE_WIDTH, withBackgroundLane } from './background-lane.ts';

/** Chromium's limit of HTTP/1.1 connections to one host. */
const BROWSER_CONNECTIONS = 6;

/** A transport whose calls stay open until answered by hand, as a slow lint's do. */
function heldTransport(): {
  transport: Transport;
  open: { method: string; answer: () => void }[];
} {
  const open: { method: string; answer: () => void }[] = [];
  const transport: Transport = {
    invoke: (method) =>
      new Promise<Result<unknown>>((resolve) => {
        const call = {
          method,
          answer: () => {
            open.splice(open.indexOf(call), 1);
            resolve({ ok: true, value: method });
          },
        };
        open.push(call);
      }),
    subscribe: () => () => {},
  };
  return { transport, open };
}

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('the background lane', () => {
  it('leaves connections free for a run while the lint of many revisions waits', async () => {
    const { transport, open } = heldTransport();
    const lane = withBackgroundLane(transport);
    void lane.invoke('lint.project', {});
    for (let i = 0; i < 8; i++) void lane.invoke('lint.revision', { id: `r${i}` });
    // Typing while the first lint goes on: a draft's lint at every pause.
    for (let i = 0; i < 4; i++) void lane.invoke('lint.draft', { upgradeSql: `SELECT ${i}` });
    await settle();
    expect(open.length).toBe(BACKGROUND_LANE_WIDTH);
    expect(BROWSER_CONNECTIONS - open.length).toBeGreaterThanOrEqual(4);
    // The run's start, its plan and the statuses after it are sent at once.
    void lane.invoke('run.start', {});
    void lane.invoke('database.status', { id: 'default' });
    void lane.invoke('database.history', {});
    await settle();
    expect(open.map((c) => c.method).slice(BACKGROUND_LANE_WIDTH)).toEqual([
      'run.start',
      'database.status',
      'database.history',
    ]);
  });

  it('sends the waiting calls in order as the lane frees, every one of them answered', async () => {
    const { transport, open } = heldTransport();
    const lane = withBackgroundLane(transport, new Set(['lint.revision']), 2);
    const answers = Array.from({ length: 5 }, (_, i) => lane.invoke('lint.revision', { id: `r${i}` }));
    const sent: number[] = [];
    for (let round = 0; round < 5; round++) {
      await settle();
      expect(open.length).toBeLessThanOrEqual(2);
      sent.push(open.length);
      open[0]?.answer();
    }
    await settle();
    open.forEach((c) => c.answer());
    expect(await Promise.all(answers)).toEqual(answers.map(() => ({ ok: true, value: 'lint.revision' })));
    expect(sent).toEqual([2, 2, 2, 2, 1]);
  });

  it('frees its place when a call fails', async () => {
    const transport: Transport = {
      invoke: (method) =>
        method === 'lint.revision' ? Promise.reject(new Error('gone')) : Promise.resolve({ ok: true, value: 1 }),
      subscribe: () => () => {},
    };
    const lane = withBackgroundLane(transport, new Set(['lint.revision']), 1);
    await expect(lane.invoke('lint.revision', {})).rejects.toThrow('gone');
    await expect(lane.invoke('lint.revision', {})).rejects.toThrow('gone');
  });
});
