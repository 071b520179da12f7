// Connections: SQLite files and PostgreSQL servers. Passwords go in, never come out.
import { z } from 'zod';
import { connectionId, revisionId } from './common.ts';
import { interruptedRun } from './run.ts';

export const sslMode = z.enum(['disable', 'prefer', 'require', 'verify-full']);

const sqliteSettings = z.object({ kind: z.literal('sqlite'), path: z.string().min(1).max(4096) }).strict();
const postgresSettings = z
  .object({
    kind: z.literal('postgres'),
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535),
    database: z.string().min(1).max(63),
    user: z.string().min(1).max(63),
    sslMode,
  })
  .strict();
export const connectionSettings = z.discriminatedUnion('kind', [sqliteSettings, postgresSettings]);
export type ConnectionSettings = z.infer<typeof connectionSettings>;

export const connectionInfo = z.object({
  id: connectionId,
  name: z.string(),
  settings: connectionSettings,
  protected: z.boolean(),
  hasPassword: z.boolean(),
  /** Where the password lives: the OS keychain, or memory only (bridge without a keychain). */
  secretStorage: z.enum(['keychain', 'memory', 'none']),
  /** The project's embedded default: cannot be removed. */
  builtIn: z.boolean(),
  /** A protected connection unlocked for downgrade until the studio closes (the service holds it). */
  unlocked: z.boolean().optional(),
  /** Listed in every project; else only in the project it was saved in. */
  shared: z.boolean().optional(),
});
export type ConnectionInfo = z.infer<typeof connectionInfo>;

/**
 * The saved connections could not be read at start (not JSON, not a list of connections):
 * the file was kept aside as `keptAs` (null: it could not be moved) and the studio started
 * with none.
 */
export const connectionsNotice = z.object({ file: z.string(), keptAs: z.string().nullable(), reason: z.string() });
export type ConnectionsNotice = z.infer<typeof connectionsNotice>;

export const connectionSaveInput = z
  .object({
    id: connectionId.optional(),
    name: z.string().min(1).max(100),
    settings: connectionSettings,
    /** undefined keeps the stored password; null removes it. */
    password: z.string().max(1000).nullable().optional(),
    protected: z.boolean(),
    /** Listed in every project (default: only in the project open now). */
    shared: z.boolean().optional(),
  })
  .strict();

/** A connection tested as the form says, saved or not: nothing is written. */
export const connectionTestSettingsInput = z
  .object({
    settings: connectionSettings,
    /** undefined: the stored password of `id` (a saved connection being edited), if any. */
    password: z.string().max(1000).optional(),
    id: connectionId.optional(),
  })
  .strict();

export const connectionRef = z.object({ id: connectionId }).strict();

export const connectionTestResult = z.object({
  ok: z.boolean(),
  serverVersion: z.string().nullable(),
  error: z.string().nullable(),
  ms: z.number(),
  /** Whether the session was encrypted (TLS); null for SQLite or when no session opened. */
  tls: z.boolean().nullable().optional(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResult>;

export const databaseStatus = z.object({
  connectionId,
  reachable: z.boolean(),
  error: z.string().nullable(),
  /** The version table's rows: the database's current heads. */
  rows: z.array(z.string()),
  applied: z.array(revisionId),
  /** Rows naming revisions the project does not have. */
  unknownRows: z.array(z.string()),
  /** transactional false revisions cut off half way: nothing runs until each is resolved. */
  interrupted: z.array(interruptedRun).default([]),
  /** false: a SQLite file not created yet (nothing applied; the first run creates it). */
  exists: z.boolean().optional(),
  checkedAt: z.string(),
});
export type DatabaseStatus = z.infer<typeof databaseStatus>;

export const unlockInput = z.object({ id: connectionId, databaseName: z.string() }).strict();

export const historyEntry = z.object({
  id: z.number(),
  revision: z.string(),
  direction: z.enum(['upgrade', 'downgrade', 'stamp']),
  checksum: z.string().nullable(),
  startedAt: z.string(),
  durationMs: z.number().nullable(),
  outcome: z.enum(['applied', 'failed', 'cancelled', 'started', 'aborted']),
  user: z.string(),
  host: z.string(),
  toolVersion: z.string(),
  error: z.string().nullable(),
  /** One id for every step of a run (null: not recorded — rows from before Strata kept it, offline scripts). */
  runId: z.string().nullable().optional(),
  /** An upgrade's revision text as applied; asked for one revision only (null: not recorded). */
  appliedSql: z.string().nullable().optional(),
});
export type HistoryEntryInfo = z.infer<typeof historyEntry>;
export const historyInput = z.object({ connectionId, revision: revisionId.optional() }).strict();
