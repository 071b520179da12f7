// A renderer-side client whose calls wait until the test answers them, in any order: for
// commands that must keep a newer answer over an older one. No Node API (the renderer's
// tests type-check without Node's types).
import { createClient, type Client } from '../../shared/rpc/client.ts';

export interface PendingCall {
  readonly method: string;
  readonly input: unknown;
  answer(value: unknown): void;
  fail(message: string): void;
}

export function scriptedClient(): {
  readonly client: Client;
  readonly calls: PendingCall[];
  emit(event: string, payload: unknown): void;
} {
  const calls: PendingCall[] = [];
  let listener: (event: string, payload: unknown) => void = () => {};
  const client = createClient({
    invoke: (method, input) =>
      new Promise((resolve) => {
        calls.push({
          method,
          input,
          answer: (value) => resolve({ ok: true, value }),
          fail: (message) => resolve({ ok: false, error: { code: 'internal', message } }),
        });
      }),
    subscribe: (l) => {
      listener = l;
      return () => {};
    },
  });
  return { client, calls, emit: (event, payload) => listener(event, payload) };
}

/** Lets pending promise callbacks run. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
