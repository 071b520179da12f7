// The main thread's handle on a database worker: requests with replies, run events pushed.
import { WorkerChannel } from './worker-channel.ts';
import type { DatabaseOps, ReplyOf, RunEventMessage } from './worker-protocol.ts';

export class DatabaseHost {
  private readonly channel: WorkerChannel<DatabaseOps, RunEventMessage>;

  constructor(onRunEvent: (runId: string, event: RunEventMessage['event']) => void) {
    this.channel = new WorkerChannel('db-worker', 'database worker', (message) =>
      onRunEvent(message.runId, message.event),
    );
  }

  request<K extends keyof DatabaseOps & string>(
    op: K,
    params: DatabaseOps[K]['request'],
  ): Promise<ReplyOf<DatabaseOps, K>> {
    return this.channel.request(op, params);
  }

  dispose(): Promise<void> {
    return this.channel.dispose();
  }
}
