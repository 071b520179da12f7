// Messages between the service (main thread) and the lint worker. Plain data only. The worker
// holds the project's lint (IncrementalLint) and answers with what a door returns, so that
// only small results cross the thread boundary, never the whole project's reports.
import type { Reply } from '../../../shared/api/contract.ts';
import type { LintInput } from '../lint/lint-inputs.ts';
import type { ImpactStatement } from '../lint/live/live-impact.ts';
import type { Fix } from '../lint/types.ts';
import type { Operation, RequestOf } from './worker-protocol.ts';

export type LintOps = {
  /** (Re)load the project from its folder: what changed is linted again, the rest kept. */
  readonly load: Operation<{ readonly projectDir: string }, null>;
  /** Revisions whose files the service changed (graph order unchanged): no reload needed. */
  readonly edit: Operation<{ readonly revisions: readonly LintInput[] }, null>;
  readonly summary: Operation<object, Reply<'lint.project'>>;
  readonly revision: Operation<{ readonly revision: string }, Reply<'lint.revision'>>;
  readonly statements: Operation<
    { readonly revisions: readonly string[] },
    readonly { readonly revision: string; readonly statements: readonly ImpactStatement[] }[]
  >;
  /** Unsaved text: a draft of `revision`, or (revision undefined) a new revision after all of them. */
  readonly draft: Operation<
    {
      readonly revision: string | undefined;
      readonly upgradeSql: string;
      readonly upgradeLine: number;
      readonly transactional: boolean;
    },
    Reply<'lint.draft'>
  >;
  readonly fix: Operation<
    { readonly revision: string; readonly rule: string; readonly line: number; readonly index: number },
    Fix
  >;
};

export type LintRequest = RequestOf<LintOps>;
/** What the worker answers to each operation. */
export type LintReplies = { readonly [K in keyof LintOps]: LintOps[K]['reply'] };
