// Electron mode: the preload's tiny surface (invoke + subscribe), typed by the contract.
import type { Result } from '../../shared/api/errors.ts';
import type { Transport } from '../../shared/rpc/client.ts';

export interface PreloadApi {
  invoke(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    strata?: PreloadApi;
  }
}

export function createIpcTransport(api: PreloadApi): Transport {
  return { invoke: (method, input) => api.invoke(method, input), subscribe: (listener) => api.subscribe(listener) };
}
