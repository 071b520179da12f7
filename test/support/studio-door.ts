// The studio's contract door for a test: the service behind the dispatcher (inputs and
// outputs checked against the contract), every event it emits kept, every contract
// violation kept, and waits for the run events of one run.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { RunEventInfo, RunEventMessage } from '../../shared/api/run.ts';
import type { Result } from '../../shared/api/errors.ts';
import { createDispatcher } from '../../shared/rpc/dispatcher.ts';
import { MemorySecretStore } from '../../electron/engine/service/secrets.ts';
import { createService, type Service } from '../../electron/engine/service/service.ts';

export interface StudioDoor {
  call<T = unknown>(method: string, input?: unknown): Promise<Result<T>>;
  /** call, expecting success: its value. */
  ok<T = unknown>(method: string, input?: unknown): Promise<T>;
  /** The events of one run so far. */
  runEvents(runId: string): RunEventInfo[];
  /** Waits for the run's outcome (done or failed) and returns all its events. */
  finished(runId: string, timeoutMs?: number): Promise<RunEventInfo[]>;
  readonly violations: string[];
  dispose(): Promise<void>;
}

export function openStudioDoor(projectDir: string): StudioDoor {
  const events: RunEventMessage[] = [];
  const violations: string[] = [];
  const service: Service = createService({
    projectDir,
    configDir: mkdtempSync(join(tmpdir(), 'strata-door-config-')),
    secrets: new MemorySecretStore(),
    watch: false,
    emit: (event, payload) => {
      if (event === 'run.event') events.push(payload as RunEventMessage);
    },
    onContractViolation: (violation) => violations.push(violation.message),
  });
  const dispatch = createDispatcher(service.handlers, {
    onInternalError: (method, error) => violations.push(`${method}: ${String(error)}`),
  });
  const runEvents = (runId: string): RunEventInfo[] => events.filter((e) => e.runId === runId).map((e) => e.event);
  return {
    call: (method, input) => dispatch(method, input ?? {}) as never,
    async ok(method, input) {
      const result = await dispatch(method, input ?? {});
      if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
      return result.value as never;
    },
    runEvents,
    async finished(runId, timeoutMs = 120_000) {
      await expect
        .poll(() => runEvents(runId).some((e) => e.type === 'done' || e.type === 'failed'), {
          timeout: timeoutMs,
          interval: 50,
        })
        .toBe(true);
      return runEvents(runId);
    },
    violations,
    dispose: () => service.dispose(),
  };
}

/** The lines alembic printed (and strata's notes), in order. */
export function outputLines(events: readonly RunEventInfo[]): string[] {
  return events.flatMap((e) => (e.type === 'output' ? [e.line] : []));
}
