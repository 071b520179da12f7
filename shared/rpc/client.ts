// createClient: the renderer's typed view of the contract over any transport (Electron IPC
// through the preload, or the bridge over HTTP + WebSocket).
import type { ApiError, Result } from '../api/errors.ts';
import type { EventName, EventPayload, Input, Method, Output } from '../api/contract.ts';

export interface Transport {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

export class ClientError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ClientError';
  }
}

export interface Client {
  call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): Client {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.subscribe((event, payload) => {
    for (const l of listeners.get(event) ?? []) l(payload);
  });
  return {
    async call(method, input) {
      const result = await transport.invoke(method, input);
      if (!result.ok) throw new ClientError(result.error);
      return result.value as never;
    },
    on(event, listener) {
      const set = listeners.get(event) ?? listeners.set(event, new Set()).get(event)!;
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
