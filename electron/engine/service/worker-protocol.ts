// Messages between the service (main thread) and a database worker. Plain data only.
import type { ApiError } from '../../../shared/api/errors.ts';
import type { Direction } from '../../../shared/model/revision.ts';
import type { ResolveAction } from '../runner/interrupted/resolve.ts';
import type { DatabaseTarget } from '../dialects/registry.ts';
import type { ImpactStatement } from '../lint/live/live-impact.ts';

export type WorkerRequest =
  | { readonly id: number; readonly op: 'status'; readonly target: DatabaseTarget; readonly projectDir: string }
  | { readonly id: number; readonly op: 'history'; readonly target: DatabaseTarget; readonly projectDir: string; readonly revision: string | undefined }
  | { readonly id: number; readonly op: 'test'; readonly target: DatabaseTarget }
  | { readonly id: number; readonly op: 'plan'; readonly target: DatabaseTarget; readonly projectDir: string; readonly direction: Direction; readonly spec: string }
  | {
      readonly id: number;
      readonly op: 'run';
      readonly runId: string;
      readonly target: DatabaseTarget;
      readonly projectDir: string;
      readonly direction: Direction;
      readonly spec: string;
      readonly singleTransaction: boolean;
      readonly maxSteps: number | undefined;
    }
  | { readonly id: number; readonly op: 'cancel'; readonly runId: string }
  | { readonly id: number; readonly op: 'resolve'; readonly target: DatabaseTarget; readonly projectDir: string; readonly revision: string; readonly action: ResolveAction }
  | { readonly id: number; readonly op: 'impact'; readonly target: DatabaseTarget; readonly revisions: readonly { readonly revision: string; readonly statements: readonly ImpactStatement[] }[] }
  | { readonly id: number; readonly op: 'rehearse'; readonly target: DatabaseTarget; readonly projectDir: string; readonly spec: string };

export type WorkerMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: ApiError }
  | { readonly kind: 'run-event'; readonly runId: string; readonly event: unknown };
