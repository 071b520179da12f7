// The main thread's handle on the lint worker. The worker is started by the first lint
// request and then follows the project: every reload of the service's project is passed on,
// as the revisions that changed when the service knows them (a save, a fix: no reload in the
// worker, and only those revisions and the ones after them are linted again), otherwise as a
// reload from the folder.
import type { Reply } from '../../../shared/api/contract.ts';
import { changedLintInputs } from '../lint/lint-inputs.ts';
import type { Fix } from '../lint/types.ts';
import type { Project } from '../project/project.ts';
import type { LintOps, LintReplies } from './lint-protocol.ts';
import type { ReplyOf } from './worker-protocol.ts';
import { WorkerChannel } from './worker-channel.ts';

/** More changed revisions than this and the worker reloads the project itself. */
const MAX_EDITS = 64;

export class LintHost {
  private readonly channel = new WorkerChannel<LintOps>('lint-worker', 'lint worker');

  constructor(private readonly projectDir: () => string) {}

  private ask<K extends keyof LintOps & string>(op: K, params: LintOps[K]['request']): Promise<ReplyOf<LintOps, K>> {
    if (!this.channel.running) void this.channel.request('load', { projectDir: this.projectDir() }).catch(() => {});
    return this.channel.request(op, params);
  }

  /** The service reloaded its project (before: the project it had, if it had one). */
  reloaded(before: Project | undefined, after: Project | undefined, dirChanged: boolean): void {
    // Not started yet: the first request loads the project as it is then.
    if (!this.channel.running) return;
    const changed = before && after && !dirChanged ? changedLintInputs(before, after, MAX_EDITS) : undefined;
    if (changed === undefined) void this.channel.request('load', { projectDir: this.projectDir() }).catch(() => {});
    else if (changed.length > 0) void this.channel.request('edit', { revisions: changed }).catch(() => {});
  }

  summary(): Promise<Reply<'lint.project'>> {
    return this.ask('summary', {});
  }

  revision(revision: string): Promise<Reply<'lint.revision'>> {
    return this.ask('revision', { revision });
  }

  statements(revisions: readonly string[]): Promise<LintReplies['statements']> {
    return this.ask('statements', { revisions });
  }

  draft(request: LintOps['draft']['request']): Promise<Reply<'lint.draft'>> {
    return this.ask('draft', request);
  }

  fix(revision: string, rule: string, line: number, index: number): Promise<Fix> {
    return this.ask('fix', { revision, rule, line, index });
  }

  dispose(): Promise<void> {
    return this.channel.dispose();
  }
}
