// Browser mode only. Chromium opens at most six HTTP/1.1 connections to one host, and a call
// holds one until it is answered. The project's lint is answered only when the lint worker
// (at the lowest priority) reaches the revision asked about: on a busy machine that took 20 s,
// and the plan of a six-step run asked for six revisions' lint at once. With the project's
// lint, that was all six connections: the run's start, then the statuses after it, waited
// behind them (a CI failure). Such calls go through a lane of their own, narrower than the
// browser's limit, so that every other call always finds a connection.
import type { Transport } from '../../shared/rpc/client.ts';

/**
 * The calls answered when background work reaches them, not when they are asked. A draft's lint
 * is among them: each pause in typing asks one, and while the project's first lint is still
 * going, none is answered before it reaches the revision.
 */
export const BACKGROUND_METHODS: ReadonlySet<string> = new Set(['lint.project', 'lint.revision', 'lint.draft']);

/** How many background calls may wait at once: four of Chromium's six connections stay free. */
export const BACKGROUND_LANE_WIDTH = 2;

/** `transport`, with at most `width` calls of `methods` in flight; the others wait their turn, in order. */
export function withBackgroundLane(
  transport: Transport,
  methods: ReadonlySet<string> = BACKGROUND_METHODS,
  width: number = BACKGROUND_LANE_WIDTH,
): Transport {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  const turn = (): Promise<void> => {
    if (inFlight < width) {
      inFlight += 1;
      return Promise.resolve();
    }
    // The slot is handed over by the call that ends, so inFlight stays as it is.
    return new Promise((resolve) => waiting.push(resolve));
  };
  const done = (): void => {
    const next = waiting.shift();
    if (next) next();
    else inFlight -= 1;
  };
  return {
    async invoke(method, input) {
      if (!methods.has(method)) return transport.invoke(method, input);
      await turn();
      try {
        return await transport.invoke(method, input);
      } finally {
        done();
      }
    },
    subscribe: (listener) => transport.subscribe(listener),
  };
}
