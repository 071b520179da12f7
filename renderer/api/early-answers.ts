// The first screen's questions, asked by the page's small entry before the rest of the
// renderer has loaded: the service answers them (the project's graph is the slow one) while
// the browser is still evaluating React and the studio. Each answer is handed, once, to the
// first call that asks the same question; later calls go to the transport as usual. A change
// of the project before an answer is taken drops the answers not taken yet: they may be stale.
import type { Method } from '../../shared/api/contract.ts';
import type { Client } from '../../shared/rpc/client.ts';

/** Methods whose input is `{}`: the only ones asked ahead, so "the same question" is the method. */
export type EarlyMethod = Extract<'project.info' | 'project.graph' | 'studio.welcome' | 'connections.list', Method>;

/** What the studio's start-up asks first (project-slice start, connections-slice loadConnections). */
export const FIRST_SCREEN_CALLS: readonly EarlyMethod[] = [
  'project.graph',
  'project.info',
  'studio.welcome',
  'connections.list',
];

function isEmptyInput(input: unknown): boolean {
  return (
    input === undefined ||
    (typeof input === 'object' && input !== null && !Array.isArray(input) && Object.keys(input).length === 0)
  );
}

/** `client`, with `methods` already asked: the first `call` of each with input `{}` gets that answer. */
export function withEarlyAnswers(client: Client, methods: readonly EarlyMethod[]): Client {
  const early = new Map<string, Promise<unknown>>();
  for (const method of methods) {
    const answer = client.call(method, {});
    // Not taken (the project changed first) must not surface as an unhandled rejection.
    answer.catch(() => undefined);
    early.set(method, answer);
  }
  client.on('project.changed', () => early.clear());
  return {
    call(method, input) {
      const answer = isEmptyInput(input) ? early.get(method) : undefined;
      if (answer === undefined) return client.call(method, input);
      early.delete(method);
      return answer as never;
    },
    on: (event, listener) => client.on(event, listener),
  };
}
