// Messages between the service (main thread) and the lint worker. Plain data only. The worker
// holds the project's lint (IncrementalLint) and answers with what a door returns, so that
// only small results cross the thread boundary, never the whole project's reports.
import type { ProjectLint, RevisionLint } from '../../../shared/api/lint.ts';
import type { LintInput } from '../lint/lint-inputs.ts';
import type { ImpactStatement } from '../lint/live/live-impact.ts';
import type { Fix } from '../lint/types.ts';

export type LintRequest =
  /** (Re)load the project from its folder: what changed is linted again, the rest kept. */
  | { readonly id: number; readonly op: 'load'; readonly projectDir: string }
  /** Revisions whose files the service changed (graph order unchanged): no reload needed. */
  | { readonly id: number; readonly op: 'edit'; readonly revisions: readonly LintInput[] }
  | { readonly id: number; readonly op: 'summary' }
  | { readonly id: number; readonly op: 'revision'; readonly revision: string }
  | { readonly id: number; readonly op: 'statements'; readonly revisions: readonly string[] }
  | { readonly id: number; readonly op: 'fix'; readonly revision: string; readonly rule: string; readonly line: number; readonly index: number };

export interface LintReplies {
  readonly load: null;
  readonly edit: null;
  readonly summary: ProjectLint;
  readonly revision: RevisionLint;
  readonly statements: readonly { readonly revision: string; readonly statements: readonly ImpactStatement[] }[];
  readonly fix: Fix;
}
