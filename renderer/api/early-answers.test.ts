import { describe, expect, it } from 'vitest';
import type { Result } from '../../shared/api/errors.ts';
import { createClient, type Transport } from '../../shared/rpc/client.ts';
import { withEarlyAnswers } from './early-answers.ts';

/** A transport that records what was asked and answers each call with its sequence number. */
function countingTransport(): {
  transport: Transport;
  asked: string[];
  emit(event: string, payload: unknown): void;
} {
  const asked: string[] = [];
  const listeners = new Set<(event: string, payload: unknown) => void>();
  const transport: Transport = {
    invoke: (method, input) => {
      asked.push(`${method} ${JSON.stringify(input)}`);
      return Promise.resolve({ ok: true, value: { n: asked.length } } as Result<unknown>);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, asked, emit: (event, payload) => listeners.forEach((l) => l(event, payload)) };
}

describe('the first screen asked ahead', () => {
  it('asks at once, and hands each answer to the first call of the same method only', async () => {
    const { transport, asked } = countingTransport();
    const client = withEarlyAnswers(createClient(transport), ['project.graph', 'project.info']);
    // Asked before anyone calls: the page's entry does this before the studio has loaded.
    expect(asked).toEqual(['project.graph {}', 'project.info {}']);
    expect(await client.call('project.info', {})).toEqual({ n: 2 });
    expect(await client.call('project.graph', {})).toEqual({ n: 1 });
    expect(asked).toHaveLength(2);
    // Taken once: a later call (a reload) asks the service again.
    expect(await client.call('project.graph', {})).toEqual({ n: 3 });
    expect(asked).toEqual(['project.graph {}', 'project.info {}', 'project.graph {}']);
  });

  it('never answers another question with it', async () => {
    const { transport, asked } = countingTransport();
    const client = withEarlyAnswers(createClient(transport), ['connections.list']);
    await client.call('revision.get', { id: 'abc123abc123' });
    expect(asked).toEqual(['connections.list {}', 'revision.get {"id":"abc123abc123"}']);
  });

  it('drops answers not taken yet when the project changes: they may be stale', async () => {
    const { transport, asked, emit } = countingTransport();
    const client = withEarlyAnswers(createClient(transport), ['project.graph']);
    emit('project.changed', {});
    expect(await client.call('project.graph', {})).toEqual({ n: 2 });
    expect(asked).toEqual(['project.graph {}', 'project.graph {}']);
  });

  it('hands a failure over as it came, to the call that takes it', async () => {
    const transport: Transport = {
      invoke: () => Promise.resolve({ ok: false, error: { code: 'project', message: 'strata.json: not found' } }),
      subscribe: () => () => undefined,
    };
    const client = withEarlyAnswers(createClient(transport), ['project.info']);
    await expect(client.call('project.info', {})).rejects.toThrow('strata.json: not found');
  });
});
