// Planning and running migrations, and the events a run streams.
import { z } from 'zod';
import { connectionId, direction, planStep, revisionId, target } from './common.ts';
import { lockMode, relationKind } from './lint.ts';

export const planInput = z.object({ connectionId, direction, target }).strict();
export const planOutput = z.object({
  steps: z.array(planStep),
  rows: z.array(z.string()),
  /** The load of the project it was planned from: the graph of the same generation shows the same revisions. */
  generation: z.number().int(),
});

export const planSqlOutput = z.object({ sql: z.string(), steps: z.number().int() });

export const runStartInput = z
  .object({
    connectionId,
    direction,
    target,
    singleTransaction: z.boolean().default(false),
    /** Step through a plan: run only its first N steps (1 = "step one"). */
    maxSteps: z.number().int().min(1).optional(),
    /** Protected connections: the database name, typed by the user. */
    confirmDatabaseName: z.string().optional(),
    /** Alembic projects: `alembic stamp TARGET` (the version rows set, no migration run) instead of a run. */
    stamp: z.boolean().optional(),
    /** PostgreSQL: how long a statement may wait for its lock (500ms, 5s, 1min), as the CLI's --lock-timeout. */
    lockTimeout: z
      .string()
      .regex(/^\d+(?:\.\d+)?\s*(?:us|ms|s|min|h|d)?$/, 'a duration such as 500ms, 5s, 1min')
      .optional(),
    /** Runs again after a lock timeout, at most this many times (needs lockTimeout), as the CLI's --retries. */
    retries: z.number().int().min(0).max(99).optional(),
  })
  .strict();
export const runId = z.string().regex(/^run-[0-9a-f]{8,32}$/);
export const runStartOutput = z.object({ runId });
export const runRef = z.object({ runId }).strict();

/** The runner holding the run lock: its process id and machine, and since when, as far as known. */
export const runLockHolder = z.object({
  pid: z.number().int().nullable(),
  host: z.string().nullable(),
  since: z.string().nullable(),
});
export type RunLockHolderInfo = z.infer<typeof runLockHolder>;

/**
 * A `transactional false` revision whose run began and never ended (its runner died, or it
 * stopped half way): each statement beside what the catalog holds now, and the ways out.
 */
export const interruptedRun = z.object({
  revision: revisionId,
  direction,
  file: z.string().nullable(),
  startedAt: z.string(),
  user: z.string(),
  host: z.string(),
  progress: z.object({ done: z.number().int(), total: z.number().int(), stopped: z.string().optional() }).nullable(),
  statements: z.array(
    z.object({
      line: z.number().int(),
      sql: z.string(),
      status: z.enum(['done', 'interrupted', 'stopped', 'running', 'not-started']),
      object: z
        .object({
          kind: z.enum(['index', 'table', 'view', 'materialized view', 'column']),
          name: z.string(),
          table: z.string().nullable(),
          effect: z.enum(['create', 'drop', 'write']),
        })
        .nullable(),
      exists: z.boolean().nullable(),
      /** PostgreSQL indexes: false while INVALID. */
      valid: z.boolean().nullable(),
      buildingPid: z.number().int().nullable(),
      finding: z.string(),
    }),
  ),
  /** Someone holds the run lock now: the run may not be interrupted but still going. */
  holder: runLockHolder.nullable(),
  /** Server sessions still at work on its statements: nothing can be decided until they end. */
  busy: z.array(z.object({ pid: z.number().int(), line: z.number().int() })),
  /** The SQL that takes its leftovers back, shown before anything runs. */
  rollback: z.array(z.string()),
  cannotRollback: z.array(z.string()),
  advice: z.enum(['mark-applied', 'rerun', 'rollback-then-rerun', 'wait']),
});
export type InterruptedRunInfo = z.infer<typeof interruptedRun>;

export const resolveAction = z.enum(['mark-applied', 'rollback', 'rerun']);
export const resolveInput = z
  .object({
    connectionId,
    revision: revisionId,
    action: resolveAction,
    /** Protected connections: the database name, typed by the user. */
    confirmDatabaseName: z.string().optional(),
  })
  .strict();
export const resolveOutput = z.object({ action: resolveAction, ran: z.array(z.string()), rows: z.array(z.string()) });

export const runEvent = z.discriminatedUnion('type', [
  /** A line the run's tool printed (alembic, for an Alembic project), or strata's own note on it. */
  z.object({ type: z.literal('output'), stream: z.enum(['stdout', 'stderr', 'note']), line: z.string() }),
  z.object({ type: z.literal('lock-wait'), holder: runLockHolder.optional() }),
  z.object({ type: z.literal('plan'), steps: z.array(planStep), rows: z.array(z.string()) }),
  z.object({
    type: z.literal('step-start'),
    index: z.number(),
    total: z.number(),
    revision: revisionId,
    direction,
    message: z.string(),
  }),
  z.object({
    type: z.literal('statement-start'),
    revision: revisionId,
    index: z.number(),
    line: z.number(),
    sql: z.string(),
  }),
  z.object({
    type: z.literal('statement-end'),
    revision: revisionId,
    index: z.number(),
    line: z.number(),
    durationMs: z.number(),
  }),
  z.object({
    type: z.literal('step-end'),
    index: z.number(),
    total: z.number(),
    revision: revisionId,
    direction,
    durationMs: z.number(),
    outcome: z.enum(['applied', 'skipped']),
  }),
  z.object({
    type: z.literal('done'),
    applied: z.number(),
    skipped: z.number(),
    durationMs: z.number(),
    rows: z.array(z.string()),
  }),
  z.object({
    type: z.literal('failed'),
    message: z.string(),
    /** A statement failed: the database's own words for why (message holds them too, in a sentence for people). */
    reason: z.string().nullable().default(null),
    cancelled: z.boolean(),
    revision: revisionId.nullable(),
    file: z.string().nullable(),
    line: z.number().nullable(),
    statement: z.string().nullable(),
    rolledBack: z.boolean(),
    rows: z.array(z.string()),
    /**
     * PostgreSQL: what interrupted CONCURRENTLY commands left behind, with the SQL that cleans it up (offered, never
     * run).
     */
    leftovers: z
      .array(
        z.object({
          kind: z.string(),
          relation: z.string(),
          table: z.string(),
          reason: z.string(),
          cleanup: z.array(z.string()),
        }),
      )
      .default([]),
    /** Revisions cut off half way that stopped this run before it began (resolve them first). */
    interrupted: z.array(interruptedRun).default([]),
  }),
]);
export type RunEventInfo = z.infer<typeof runEvent>;

export const runEventMessage = z.object({ runId, connectionId, event: runEvent });
export type RunEventMessage = z.infer<typeof runEventMessage>;

/** A rehearsal: the upgrade plan run in one transaction and rolled back, locks read from pg_locks. */
export const rehearseInput = z
  .object({
    connectionId,
    target,
    /** Protected connections: the rehearsal takes the real locks, so the name is typed as for a run. */
    confirmDatabaseName: z.string().optional(),
  })
  .strict();
const rehearsalLock = z.object({
  relation: z.string(),
  mode: lockMode,
  kind: relationKind,
  isNew: z.boolean().optional(),
});
/** A session that held a lock a rehearsed statement waited for. */
const rehearsalBlocker = z.object({
  pid: z.number().int(),
  state: z.string().nullable(),
  query: z.string().nullable(),
  xactAgeSeconds: z.number().nullable(),
  application: z.string().nullable(),
});
export type RehearsalBlockerInfo = z.infer<typeof rehearsalBlocker>;
export const rehearsedStatement = z.object({
  revision: revisionId,
  line: z.number().int(),
  sql: z.string(),
  kind: z.string(),
  status: z.enum(['ok', 'failed', 'not-rehearsable']),
  reason: z.string().optional(),
  /** SQLSTATE of a failure: 55P03 is a lock timeout. */
  code: z.string().optional(),
  /** A failed statement: the sessions last seen holding the locks it waited for. */
  blockedBy: z.array(rehearsalBlocker).optional(),
  durationMs: z.number().nullable(),
  predicted: z.object({
    locks: z.array(rehearsalLock),
    rewrites: z.boolean(),
    scans: z.boolean(),
    transactional: z.boolean(),
  }),
  /** alreadyHeld: `relation:mode` pairs an earlier statement of the rehearsal already holds. */
  observed: z
    .object({ locks: z.array(rehearsalLock), rewrites: z.boolean(), alreadyHeld: z.array(z.string()) })
    .nullable(),
  /** Prediction and observation disagree: an analyzer bug, reported as such. */
  differences: z.array(z.string()),
});
export type RehearsedStatementInfo = z.infer<typeof rehearsedStatement>;
export const rehearseOutput = z.object({
  serverVersion: z.string(),
  steps: z.array(planStep),
  statements: z.array(rehearsedStatement),
  analyzerBugs: z.number().int(),
  notRehearsable: z.number().int(),
  failed: z.number().int(),
});
export type RehearsalInfo = z.infer<typeof rehearseOutput>;
