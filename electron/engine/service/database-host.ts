// The main thread's handle on a database worker: requests with replies, run events pushed.
import { WorkerChannel } from './worker-channel.ts';
import type { WorkerMessage, WorkerRequest } from './worker-protocol.ts';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type HostRequest = DistributiveOmit<WorkerRequest, 'id'>;

type RunEventMessage = Extract<WorkerMessage, { kind: 'run-event' }>;

export class DatabaseHost {
  private readonly channel: WorkerChannel<WorkerRequest, RunEventMessage>;

  constructor(onRunEvent: (runId: string, event: unknown) => void) {
    this.channel = new WorkerChannel('db-worker', 'database worker', (message) => onRunEvent(message.runId, message.event));
  }

  request<T>(request: HostRequest): Promise<T> {
    return this.channel.request<T>(request);
  }

  dispose(): Promise<void> {
    return this.channel.dispose();
  }
}
