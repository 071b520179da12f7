// The dispatcher checks answers as well as questions: in tests and development builds an
// output or an event the contract does not allow is caught where it is made, named with the
// path of what is wrong; with the checks off (production builds) values pass as they are.
import { describe, expect, it } from 'vitest';
import type { EventName, EventReply } from '../api/contract.ts';
import { checkedEmit, CONTRACT_CHECKS, ContractViolation, createDispatcher, type Handlers } from './dispatcher.ts';

const info = {
  dir: '/p',
  name: 'p',
  dialect: 'sqlite',
  revisionCount: 1,
  heads: ['a1b2c3d4e5f6'],
  problems: [],
  connectionsNotice: null,
  generation: 1,
} as const;

function handlersAnswering(value: unknown): Handlers {
  return { 'project.info': async () => value } as unknown as Handlers;
}

describe('outputs', () => {
  it('are checked when run from source: nothing defines STRATA_CONTRACT_CHECKS here', () => {
    expect(CONTRACT_CHECKS).toBe(true);
  });

  it('an output the contract does not allow is an internal error naming the method and the path', async () => {
    const told: unknown[] = [];
    const dispatch = createDispatcher(handlersAnswering({ ...info, revisionCount: 'one', heads: [7] }), {
      onInternalError: (_method, error) => told.push(error),
    });
    const result = await dispatch('project.info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (result.ok) return;
    expect(result.error.message).toMatch(/^the output of project\.info does not match the contract: /);
    expect(result.error.message).toMatch(/revisionCount: /);
    expect(result.error.message).toMatch(/heads\.0: /);
    expect(told).toHaveLength(1);
    expect(told[0]).toBeInstanceOf(ContractViolation);
  });

  it('a missing output (a handler that forgot to return) is caught too', async () => {
    expect(await createDispatcher(handlersAnswering(undefined))('project.info', {})).toMatchObject({
      ok: false,
      error: { code: 'internal', message: /project\.info/ },
    });
  });

  it('a valid output goes out as the handler made it: checked, not transformed', async () => {
    const value = { ...info, extra: 'kept' };
    const result = await createDispatcher(handlersAnswering(value))('project.info', {});
    expect(result).toEqual({ ok: true, value });
    if (result.ok) expect(result.value).toBe(value);
  });

  it('with the checks off, as in a production build, the output is not looked at', async () => {
    const bad = { revisionCount: 'one' };
    expect(await createDispatcher(handlersAnswering(bad), { checkOutputs: false })('project.info', {})).toEqual({
      ok: true,
      value: bad,
    });
  });
});

describe('events', () => {
  const sent: { event: string; payload: unknown }[] = [];
  const emit = <E extends EventName>(event: E, payload: EventReply<E>): void => {
    sent.push({ event, payload });
  };

  it('a payload the contract does not allow is not sent, and the violation is told with its path', () => {
    sent.length = 0;
    const violations: ContractViolation[] = [];
    const checked = checkedEmit(emit, { onViolation: (v) => violations.push(v) });
    const bad = {
      runId: 'run-0123abcd',
      connectionId: 'default',
      event: {
        type: 'step-end',
        index: 0,
        total: 1,
        revision: 'a1b2c3d4e5f6',
        direction: 'upgrade',
        durationMs: 'slow',
        outcome: 'applied',
      },
    };
    checked('run.event', bad as unknown as EventReply<'run.event'>);
    expect(sent).toEqual([]);
    expect(violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/^the payload of event run\.event does not match the contract: event\.durationMs: /),
    ]);
    const good = { ...bad, event: { ...bad.event, durationMs: 12 } };
    checked('run.event', good as unknown as EventReply<'run.event'>);
    expect(sent).toEqual([{ event: 'run.event', payload: good }]);
  });

  it('with the checks off, every payload is sent as it is', () => {
    sent.length = 0;
    const unchecked = checkedEmit(emit, { check: false, onViolation: () => expect.unreachable() });
    unchecked('database.status', { connectionId: 7 } as unknown as EventReply<'database.status'>);
    expect(sent).toHaveLength(1);
  });
});
