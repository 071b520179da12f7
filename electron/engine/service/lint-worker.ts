// The lint worker: the studio's lint of the whole project runs here, off the main thread, as
// one revision after another (IncrementalLint), returning to the event loop every few
// milliseconds so that a newer load or edit is taken in at once. A load or an edit rewinds
// the lint to the first revision that changed: the old pass is dropped there, and whatever
// came before it is kept rather than done again. Requests wait only for what they need: a
// revision's lint is answered as soon as that revision is linted.
import { performance } from 'node:perf_hooks';
import { runInBackground } from './background-thread.ts';
import { parentPort } from 'node:worker_threads';
import { ApiFailure, type ApiError } from '../../../shared/api/errors.ts';
import type { ProjectLint } from '../../../shared/api/lint.ts';
import { IncrementalLint } from '../lint/incremental-lint.ts';
import { loadParser } from '../lint/parse.ts';
import { loadAnyProject } from '../usecases/project.ts';
import { engineErrorToApi } from '../usecases/errors.ts';
import type { LintReplies, LintRequest } from './lint-protocol.ts';
import { findingFix, projectLintOf, revisionLintOf } from './lint-views.ts';
import type { WorkerReply } from './worker-protocol.ts';

const port = parentPort;
if (!port) throw new Error('lint-worker must run in a worker thread');
runInBackground();

/** Longest stretch of linting between two looks at the message queue. */
const SLICE_MS = 8;

const lint = new IncrementalLint();
let dialect: ProjectLint['dialect'] = 'postgres';
/** Why the project cannot be linted (it does not load, or a revision broke the analyzer). */
let broken: ApiError | undefined;

interface Waiter {
  /** Whether the answer is ready; throws (an ApiFailure) when there is none to wait for. */
  ready(): boolean;
  answer(): unknown;
  reply(message: WorkerReply): void;
}
const waiters = new Set<Waiter>();

function settleWaiters(): void {
  for (const w of waiters) {
    try {
      if (broken) throw new ApiFailure(broken.code, broken.message, broken.details);
      if (!w.ready()) continue;
      waiters.delete(w);
      w.reply({ kind: 'reply', id: 0, ok: true, value: w.answer() });
    } catch (error) {
      waiters.delete(w);
      w.reply({ kind: 'reply', id: 0, ok: false, error: engineErrorToApi(error) });
    }
  }
}

let driving = false;

/** Lints until everything is linted, yielding to messages every SLICE_MS. */
async function drive(): Promise<void> {
  if (driving) return;
  driving = true;
  try {
    await loadParser();
    let slice = performance.now();
    while (!lint.complete && !broken) {
      const at = lint.done;
      try {
        lint.step();
      } catch (error) {
        broken = {
          code: 'internal',
          message:
            `lint stopped at revision ${lint.inputAt(at)?.id ?? at}: ` +
            `${error instanceof Error ? error.message : String(error)}`,
        };
      }
      if (performance.now() - slice > SLICE_MS) {
        settleWaiters();
        await new Promise((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
    }
  } catch (error) {
    broken = {
      code: 'internal',
      message: `the SQL parser could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
    };
  } finally {
    driving = false;
    settleWaiters();
  }
}

/** Revisions that are linted with the current inputs; unknown ones are an error at once. */
function linted(ids: readonly string[]): boolean {
  for (const id of ids) {
    const at = lint.position(id);
    if (at === undefined) throw new ApiFailure('not-found', `no revision ${id}`);
    if (at >= lint.done) return false;
  }
  return true;
}

function reportOf(id: string): NonNullable<ReturnType<IncrementalLint['report']>> {
  const report = lint.report(id);
  if (!report) throw new ApiFailure('internal', `revision ${id} was not linted`);
  return report;
}

function waiter(request: LintRequest): Omit<Waiter, 'reply'> | undefined {
  switch (request.op) {
    case 'load':
      try {
        // As the studio's graph: the revisions that load are linted while a broken file is fixed.
        const project = loadAnyProject(request.projectDir, { partial: true });
        dialect = project.config.dialect;
        broken = undefined;
        lint.load(project);
      } catch (error) {
        lint.update([], {});
        broken = engineErrorToApi(error);
      }
      return undefined;
    case 'edit':
      lint.edit(request.revisions);
      // An analyzer failure belonged to the old text: try again.
      if (broken?.code === 'internal') broken = undefined;
      return undefined;
    case 'summary':
      return { ready: () => lint.complete, answer: (): LintReplies['summary'] => projectLintOf(dialect, lint.all()) };
    case 'revision':
      return {
        ready: () => linted([request.revision]),
        answer: (): LintReplies['revision'] => revisionLintOf(request.revision, reportOf(request.revision)),
      };
    case 'statements':
      return {
        ready: () => linted(request.revisions),
        answer: (): LintReplies['statements'] =>
          request.revisions.map((revision) => ({
            revision,
            statements: reportOf(revision).statements.map((st) => ({
              statement: st.statement,
              locks: st.locks,
              rewrites: st.rewrites,
              scans: st.scans,
            })),
          })),
      };
    case 'draft': {
      const { revision } = request;
      // Ready once the revisions before the draft's place are linted (all of them for a new one).
      const at = (): number => (revision === undefined ? lint.total : (lint.position(revision) ?? -1));
      if (at() < 0) throw new ApiFailure('not-found', `no revision ${revision ?? ''}`);
      return {
        ready: () => lint.done >= at(),
        answer: (): LintReplies['draft'] => {
          const t0 = performance.now();
          const id = revision ?? 'draft';
          const file = revision === undefined ? 'draft' : (lint.inputAt(at())?.file ?? 'draft');
          const report = lint.lintDraft(
            {
              id,
              file,
              upgradeSql: request.upgradeSql,
              upgradeLine: request.upgradeLine,
              transactional: request.transactional,
            },
            at(),
          );
          const { statements, findings } = revisionLintOf(id, report);
          return { statements, findings, elapsedMs: performance.now() - t0 };
        },
      };
    }
    case 'fix':
      return {
        ready: () => linted([request.revision]),
        answer: (): LintReplies['fix'] =>
          findingFix(request.revision, reportOf(request.revision), request.rule, request.line, request.index),
      };
  }
}

port.on('message', (request: LintRequest) => {
  const post = (message: WorkerReply): void => port.postMessage({ ...message, id: request.id });
  let w: Omit<Waiter, 'reply'> | undefined;
  try {
    w = waiter(request);
  } catch (error) {
    post({ kind: 'reply', id: request.id, ok: false, error: engineErrorToApi(error) });
    return;
  }
  if (w) waiters.add({ ...w, reply: post });
  else post({ kind: 'reply', id: request.id, ok: true, value: null });
  settleWaiters();
  void drive();
});
