// The contract through all three doors with one table of cases: the dispatcher as the
// service's own callers use it, the bridge over HTTP, and the Electron IPC door (bundled
// with a stand-in for 'electron', since no Electron binary runs here). Every door must give
// the same answer, and refuse a bad payload before the engine sees it. Every method of the
// contract has a case that succeeds (its output checked against the contract, as every
// output and event is in tests), and a run streams events the contract allows.
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutogenDiff, AutogenWritten } from '../shared/api/autogen.ts';
import { METHODS } from '../shared/api/contract.ts';
import type { Result } from '../shared/api/errors.ts';
import { createDispatcher, type Dispatch } from '../shared/rpc/dispatcher.ts';
import { startBridge, type Bridge } from '../electron/bridge/server.ts';
import { connect } from '../electron/engine/dialects/registry.ts';
import { ensureStrataTables, insertStartedRun } from '../electron/engine/dialects/strata-tables.ts';
import { openProject } from '../electron/engine/usecases/project.ts';
import { runToTarget } from '../electron/engine/usecases/run.ts';
import { MemorySecretStore } from '../electron/engine/service/secrets.ts';
import { createService, type Service } from '../electron/engine/service/service.ts';
import { createPostgresDatabase, type TestDatabase } from './support/databases.ts';
import { openIpcDoorUnderTest, type IpcDoorUnderTest } from './support/ipc-door.ts';
import { copySample } from './support/projects.ts';
import { RISKY, RISKY_FILE, RISKY_RULE, RISKY_TEXT } from '../e2e/support/risky-revision.ts';

type Door = (method: string, input: unknown) => Promise<Result<unknown>>;
type DoorName = 'dispatcher' | 'bridge' | 'ipc';

/** What a case may need that differs per door or is known only once the suite runs. */
interface Setting {
  readonly door: DoorName;
  /** The door's copy of the PostgreSQL sample (with one risky revision). */
  readonly pgProject: string;
  /** The door's embedded SQLite database (the sample's dev.sqlite). */
  readonly sqliteFile: string;
  readonly pg: URL;
}

interface Case {
  readonly name: string;
  readonly method: string;
  readonly input: unknown | ((setting: Setting) => unknown);
  /** Brings the door's project or database to the state the case needs, before it is asked. */
  readonly before?: (setting: Setting) => Promise<void>;
  readonly expect:
    | { readonly ok: true; readonly check?: (value: unknown) => void }
    | { readonly ok: false; readonly code: string; readonly message: RegExp };
}

/** The PostgreSQL sample's base; the lock-risk specs' risky revision sits on its head. */
const PG_BASE = '8329d88932b2';

const pgConnection = (setting: Setting): unknown => ({
  id: 'doors-pg',
  name: 'doors postgres',
  settings: {
    kind: 'postgres',
    host: setting.pg.hostname,
    port: Number(setting.pg.port),
    database: setting.pg.pathname.slice(1),
    user: decodeURIComponent(setting.pg.username),
    sslMode: 'disable',
  },
  password: decodeURIComponent(setting.pg.password),
  protected: false,
  // Used by the SQLite sample and the PostgreSQL project opened later: shared on purpose.
  shared: true,
});

/** A `transactional false` run of the base revision, recorded as started and never ended. */
async function interruptedBase(setting: Setting): Promise<void> {
  const conn = await connect({ dialect: 'sqlite', path: setting.sqliteFile });
  try {
    await ensureStrataTables(conn, TABLES);
    await insertStartedRun(
      conn,
      TABLES,
      {
        revision: '3550b5f2509d',
        direction: 'upgrade',
        checksum: null,
        startedAt: new Date('2026-01-02T03:04:05.000Z'),
        user: 'doors',
        host: 'doors-host',
        toolVersion: '0.1.0',
      },
      1,
    );
  } finally {
    await conn.close();
  }
}

/** Two new heads on the sample's base, without labels: a branch that can be linearized. */
const SIDE_X = 'aa0000000001';
const SIDE_Y = 'aa0000000002';
async function unlabelledBranches(setting: Setting): Promise<void> {
  const versions = join(dirname(setting.sqliteFile), 'versions');
  for (const [id, table] of [
    [SIDE_X, 'side_x'],
    [SIDE_Y, 'side_y'],
  ] as const) {
    writeFileSync(
      join(versions, `${id}_side.sql`),
      `-- strata:revision ${id}\n-- strata:parents 3550b5f2509d\n-- strata:message side ${table}\n` +
        `\n-- strata:upgrade\nCREATE TABLE ${table} (id INTEGER PRIMARY KEY);\n\n` +
        `-- strata:downgrade\nDROP TABLE ${table};\n`,
    );
  }
}

const TABLES = { version: 'strata_version', history: 'strata_history' };

/** The shared PostgreSQL database brought to the heads of the door's copy of the sample (a no-op the second time). */
async function upgradedToHeads(setting: Setting): Promise<void> {
  const conn = await connect({ dialect: 'postgres', url: setting.pg.href });
  try {
    await runToTarget(conn, openProject({ dir: setting.pgProject, cwd: setting.pgProject }), {
      direction: 'upgrade',
      target: 'heads',
      singleTransaction: false,
    });
  } finally {
    await conn.close();
  }
}

/** On the SQLite sample, in this order: some cases change the project or its database. */
const SAMPLE_CASES: readonly Case[] = [
  {
    name: 'the project read again',
    method: 'project.reload',
    input: {},
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ revisionCount: 31, problems: [], dialect: 'sqlite' }) },
  },
  {
    name: 'project info',
    method: 'project.info',
    input: {},
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ revisionCount: 31, dialect: 'sqlite' }) },
  },
  {
    name: 'the project opened again',
    method: 'project.open',
    input: {},
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ revisionCount: 31, problems: [] }) },
  },
  {
    name: 'a project folder that is not a string',
    method: 'project.open',
    input: { dir: 5 },
    expect: { ok: false, code: 'invalid-input', message: /dir: Invalid input/ },
  },
  {
    name: 'no welcome screen: the door was given a project',
    method: 'studio.welcome',
    input: {},
    expect: { ok: true, check: (v) => expect(v).toEqual({ show: false, sample: null, pickFolder: false }) },
  },
  {
    name: 'no folder picker outside the desktop app',
    method: 'studio.pickFolder',
    input: { purpose: 'open' },
    expect: { ok: true, check: (v) => expect(v).toEqual({ dir: null }) },
  },
  {
    name: 'a new project created and opened',
    method: 'project.create',
    input: (s: Setting) => ({ dir: join(dirname(s.sqliteFile), 'fresh', 'project'), dialect: 'postgres' }),
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ name: 'project', dialect: 'postgres', revisionCount: 0, problems: [] }),
    },
  },
  {
    name: 'no project created over one',
    method: 'project.create',
    input: (s: Setting) => ({ dir: join(dirname(s.sqliteFile), 'fresh', 'project'), dialect: 'sqlite' }),
    expect: { ok: false, code: 'project', message: /strata\.json: cannot be written: it already exists/ },
  },
  {
    name: 'the sample opened again',
    method: 'project.open',
    input: (s: Setting) => ({ dir: dirname(s.sqliteFile) }),
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ revisionCount: 31 }) },
  },
  {
    name: 'graph',
    method: 'project.graph',
    input: {},
    expect: { ok: true, check: (v) => expect((v as { ids: unknown[] }).ids).toHaveLength(31) },
  },
  {
    name: 'a revision',
    method: 'revision.get',
    input: { id: 'e45df46a870b' },
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ id: 'e45df46a870b', parents: expect.any(Array) }) },
  },
  {
    name: 'an unknown revision',
    method: 'revision.get',
    input: { id: 'ffffffffffff' },
    expect: { ok: false, code: 'not-found', message: /no revision ffffffffffff/ },
  },
  {
    name: 'a wrong type',
    method: 'revision.get',
    input: { id: 7 },
    expect: { ok: false, code: 'invalid-input', message: /id: Invalid input/ },
  },
  {
    name: 'an extra key',
    method: 'project.graph',
    input: { all: true },
    expect: { ok: false, code: 'invalid-input', message: /Unrecognized key/ },
  },
  {
    name: 'a missing input',
    method: 'run.plan',
    input: undefined,
    expect: { ok: false, code: 'invalid-input', message: /connectionId/ },
  },
  {
    name: 'an unknown method',
    method: 'fs.readFile',
    input: {},
    expect: { ok: false, code: 'unknown-method', message: /unknown method 'fs.readFile'/ },
  },
  {
    name: 'a bad target',
    method: 'run.plan',
    input: { connectionId: 'default', direction: 'upgrade', target: 'head' },
    expect: { ok: false, code: 'target', message: /'head' is ambiguous: there are 2 heads/ },
  },
  {
    name: 'a plan',
    method: 'run.plan',
    input: { connectionId: 'default', direction: 'upgrade', target: 'audit@head' },
    expect: { ok: true, check: (v) => expect((v as { steps: unknown[] }).steps.length).toBeGreaterThan(0) },
  },
  {
    name: 'a plan as SQL',
    method: 'run.planSql',
    input: { connectionId: 'default', direction: 'upgrade', target: 'audit@head' },
    expect: {
      ok: true,
      check: (v) => {
        const { sql, steps } = v as { sql: string; steps: number };
        expect(steps).toBeGreaterThan(0);
        expect(sql).toMatch(/CREATE TABLE organizations/);
        expect(sql).toMatch(/INSERT INTO "strata_version" \(version_num\) VALUES \('3550b5f2509d'\)/);
      },
    },
  },
  {
    name: 'lint of the project',
    method: 'lint.project',
    input: {},
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ dialect: 'sqlite', revisions: expect.any(Array) }) },
  },
  {
    name: 'lint of a revision',
    method: 'lint.revision',
    input: { id: '37d8e4952211' },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          revision: '37d8e4952211',
          dialect: 'sqlite',
          statements: expect.arrayContaining([
            expect.objectContaining({ kind: 'CREATE INDEX', locks: expect.any(Array), findings: expect.any(Array) }),
          ]),
        }),
    },
  },
  {
    name: 'lint of an unknown revision',
    method: 'lint.revision',
    input: { id: 'ffffffffffff' },
    expect: { ok: false, code: 'not-found', message: /no revision ffffffffffff/ },
  },
  {
    name: 'a fix for no finding',
    method: 'lint.applyFix',
    input: { id: 'e45df46a870b', rule: 'no-such-rule', line: 1 },
    expect: { ok: false, code: 'not-found', message: /no finding 'no-such-rule' on line 1/ },
  },
  {
    name: 'a fix with a bad line',
    method: 'lint.applyFix',
    input: { id: 'e45df46a870b', rule: 'drop-table', line: 0 },
    expect: { ok: false, code: 'invalid-input', message: /line/ },
  },
  {
    name: 'live impact on SQLite',
    method: 'lint.impact',
    input: { connectionId: 'default', revisions: ['37d8e4952211'] },
    expect: { ok: false, code: 'unsupported', message: /need a PostgreSQL connection/ },
  },
  {
    name: 'live impact of no revision',
    method: 'lint.impact',
    input: { connectionId: 'default', revisions: [] },
    expect: { ok: false, code: 'invalid-input', message: /revisions/ },
  },
  {
    name: 'a rehearsal on SQLite',
    method: 'run.rehearse',
    input: { connectionId: 'default', target: 'audit@head' },
    expect: { ok: false, code: 'unsupported', message: /a rehearsal needs a PostgreSQL connection/ },
  },
  {
    name: 'a protected-style refusal',
    method: 'connections.remove',
    input: { id: 'default' },
    expect: { ok: false, code: 'invalid-input', message: /cannot be removed/ },
  },
  {
    name: 'a revision saved',
    method: 'revision.save',
    input: {
      id: 'e45df46a870b',
      upgradeSql: '-- the merge changes no schema\n',
      downgradeSql: '-- nor does its downgrade\n',
    },
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ checksum: expect.stringMatching(/^[0-9a-f]{64}$/), appliedOn: [] }),
    },
  },
  {
    name: 'an unknown revision saved',
    method: 'revision.save',
    input: { id: 'ffffffffffff', upgradeSql: 'SELECT 1;', downgradeSql: null },
    expect: { ok: false, code: 'not-found', message: /no revision ffffffffffff/ },
  },
  {
    name: 'the connections',
    method: 'connections.list',
    input: {},
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toEqual([expect.objectContaining({ id: 'default', builtIn: true, secretStorage: 'none' })]),
    },
  },
  {
    name: 'a connection saved',
    method: 'connections.save',
    input: pgConnection,
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ id: 'doors-pg', hasPassword: true, builtIn: false, protected: false }),
    },
  },
  {
    name: 'a connection of the wrong dialect for the project, refused',
    method: 'connections.save',
    input: (s: Setting) => ({ ...(pgConnection(s) as object), id: undefined, shared: false }),
    expect: {
      ok: false,
      code: 'invalid-input',
      message: /the project is written for sqlite but the connection 'doors postgres' points at a postgres database/,
    },
  },
  {
    name: 'a connection tested as typed, not saved',
    method: 'connections.testSettings',
    input: { settings: { kind: 'sqlite', path: 'elsewhere.sqlite' } },
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/no database file yet/) }),
    },
  },
  {
    name: 'the embedded default saved',
    method: 'connections.save',
    input: { id: 'default', name: 'x', settings: { kind: 'sqlite', path: 'x.sqlite' }, protected: false },
    expect: { ok: false, code: 'invalid-input', message: /defined by strata\.json/ },
  },
  {
    name: 'a connection tested',
    method: 'connections.test',
    input: { id: 'doors-pg' },
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ ok: true, serverVersion: expect.any(String), error: null }),
    },
  },
  {
    name: 'a database not created yet tested',
    method: 'connections.test',
    input: { id: 'default' },
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ ok: true, serverVersion: expect.stringMatching(/no database file yet/) }),
    },
  },
  {
    name: 'an unknown connection tested',
    method: 'connections.test',
    input: { id: 'nowhere' },
    expect: { ok: false, code: 'not-found', message: /no connection 'nowhere'/ },
  },
  {
    name: 'an unlock with the wrong name',
    method: 'connections.unlock',
    input: { id: 'default', databaseName: 'prod' },
    expect: { ok: false, code: 'protected', message: /does not match the database name/ },
  },
  {
    name: 'an unlock',
    method: 'connections.unlock',
    input: { id: 'default', databaseName: 'dev.sqlite' },
    expect: { ok: true, check: (v) => expect(v).toEqual({ unlocked: true }) },
  },
  {
    name: 'the status of a database not created yet',
    method: 'database.status',
    input: { id: 'default' },
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ reachable: true, exists: false, rows: [], applied: [] }),
    },
  },
  {
    name: 'the history of a database not created yet',
    method: 'database.history',
    input: { connectionId: 'default' },
    expect: { ok: true, check: (v) => expect(v).toEqual([]) },
  },
  {
    name: 'a run that is not going',
    method: 'run.cancel',
    input: { runId: 'run-0123abcd' },
    expect: { ok: true, check: (v) => expect(v).toEqual({ cancelled: false }) },
  },
  {
    name: 'nothing to resolve',
    method: 'run.resolve',
    input: { connectionId: 'default', revision: 'e45df46a870b', action: 'rerun' },
    expect: { ok: false, code: 'database', message: /e45df46a870b has no interrupted run on .*: nothing to resolve/ },
  },
  {
    name: 'an interrupted run resolved',
    method: 'run.resolve',
    before: interruptedBase,
    input: { connectionId: 'default', revision: '3550b5f2509d', action: 'rerun' },
    expect: { ok: true, check: (v) => expect(v).toEqual({ action: 'rerun', ran: [], rows: [] }) },
  },
  {
    name: 'the history of the resolved run',
    method: 'database.history',
    input: { connectionId: 'default', revision: '3550b5f2509d' },
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject([{ revision: '3550b5f2509d', outcome: 'aborted', user: 'doors' }]),
    },
  },
  {
    name: 'schema.sql against the heads',
    method: 'autogen.diff',
    input: { source: { kind: 'heads' } },
    expect: {
      ok: true,
      check: (v) => {
        const diff = v as AutogenDiff;
        expect(diff).toMatchObject({ dialect: 'sqlite', transactional: true, renameCandidates: [] });
        expect(diff.operations.map((o) => o.object)).toEqual([
          'table main.organization_domains',
          'column main.users.avatar_url',
          'index main.invoices_open_due_idx',
        ]);
        expect(diff.upgradeSql).toMatch(/avatar_url/);
        expect(diff.downgradeSql).toMatch(/organization_domains/);
      },
    },
  },
  {
    name: 'autogenerate against an unknown connection',
    method: 'autogen.diff',
    input: { source: { kind: 'connection', connectionId: 'nowhere' } },
    expect: { ok: false, code: 'not-found', message: /no connection 'nowhere'/ },
  },
  {
    name: 'a rename that is not an object name',
    method: 'autogen.diff',
    input: { source: { kind: 'heads' }, renames: { tables: [{ from: '', to: 'x' }] } },
    expect: { ok: false, code: 'invalid-input', message: /renames\.tables\.0\.from/ },
  },
  {
    name: 'an autogenerated revision on two heads',
    method: 'autogen.write',
    input: { source: { kind: 'heads' }, message: 'two heads' },
    expect: { ok: false, code: 'invalid-input', message: /the graph has 2 heads/ },
  },
  {
    name: 'two unlabelled branches written',
    method: 'project.open',
    before: unlabelledBranches,
    input: {},
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ revisionCount: 33, heads: expect.arrayContaining([SIDE_X, SIDE_Y]) }),
    },
  },
  {
    name: 'the merge analysis of every head',
    method: 'merge.analyze',
    input: {},
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          analysis: {
            heads: expect.arrayContaining([SIDE_X, SIDE_Y, '6889de750fdb', '0874aef793be']),
            verdict: 'clean',
          },
          databases: expect.arrayContaining([
            expect.objectContaining({
              connectionId: 'default',
              branches: ['none', 'none', 'none', 'none'],
              warning: null,
            }),
          ]),
          suggestedSql: '',
        }),
    },
  },
  {
    name: 'the merge analysis of two heads',
    method: 'merge.analyze',
    input: { heads: ['6889de750fdb', '0874aef793be'] },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          analysis: {
            forkPoints: ['4ffc44baf86d'],
            pairs: [{ heads: ['6889de750fdb', '0874aef793be'], verdict: 'clean', conflicts: [] }],
          },
        }),
    },
  },
  {
    name: 'the merge analysis of an unknown head',
    method: 'merge.analyze',
    input: { heads: ['ffffffffffff'] },
    expect: { ok: false, code: 'target', message: /ffffffffffff/ },
  },
  {
    name: 'a linearization previewed',
    method: 'merge.linearizePreview',
    input: { branchHead: SIDE_Y, onto: SIDE_X },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          written: false,
          moved: [SIDE_Y],
          changes: [
            {
              revision: SIDE_Y,
              parentsBefore: ['3550b5f2509d'],
              parentsAfter: [SIDE_X],
              diff: expect.arrayContaining([{ kind: '+', text: `-- strata:parents ${SIDE_X}` }]),
            },
          ],
        }),
    },
  },
  {
    name: 'a linearization that would move a label',
    method: 'merge.linearizePreview',
    input: { branchHead: '0874aef793be', onto: '6889de750fdb' },
    expect: { ok: false, code: 'invalid-input', message: /would change the branch labels/ },
  },
  {
    name: 'a linearization',
    method: 'merge.linearize',
    input: { branchHead: SIDE_Y, onto: SIDE_X },
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ written: true, moved: [SIDE_Y], unchecked: [] }) },
  },
  {
    name: 'a merge revision',
    method: 'merge.create',
    input: {
      heads: ['6889de750fdb', '0874aef793be'],
      message: 'merge audit and billing',
      upgradeSql: '-- reconciled\n',
    },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          parents: ['6889de750fdb', '0874aef793be'],
          file: expect.stringMatching(/_merge_audit_and_billing\.sql$/),
        }),
    },
  },
  {
    name: 'a merge of a revision that is not a head',
    method: 'merge.create',
    input: { heads: ['3550b5f2509d', SIDE_Y], message: 'x' },
    expect: { ok: false, code: 'invalid-input', message: /only heads can be merged; 3550b5f2509d is not/ },
  },
  {
    name: 'a merge without a message',
    method: 'merge.create',
    input: { heads: ['6889de750fdb', '0874aef793be'], message: ' ' },
    expect: { ok: false, code: 'invalid-input', message: /message/ },
  },
  {
    name: 'a run started',
    method: 'run.start',
    input: { connectionId: 'default', direction: 'upgrade', target: 'audit@head', maxSteps: 1 },
    expect: { ok: true, check: (v) => expect(v).toEqual({ runId: expect.stringMatching(/^run-[0-9a-f]+$/) }) },
  },
  {
    name: 'a new revision',
    method: 'revision.create',
    input: { message: 'add key scopes', parent: '6889de750fdb', transactional: false },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({ parents: ['6889de750fdb'], file: expect.stringMatching(/_add_key_scopes\.sql$/) }),
    },
  },
  {
    name: 'a new revision with a label already used',
    method: 'revision.create',
    input: { message: 'x', parent: '6889de750fdb', branchLabel: 'billing' },
    expect: { ok: false, code: 'invalid-input', message: /branch label 'billing' is already used/ },
  },
];

/** On the PostgreSQL sample, opened after the run above has ended, with a live database. */
const POSTGRES_CASES: readonly Case[] = [
  {
    name: 'another project opened',
    method: 'project.open',
    input: (s: Setting) => ({ dir: s.pgProject }),
    expect: { ok: true, check: (v) => expect(v).toMatchObject({ dialect: 'postgres', problems: [] }) },
  },
  {
    name: 'a fix previewed, nothing written',
    method: 'lint.previewFix',
    input: { id: RISKY, rule: RISKY_RULE, line: 8 },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          file: expect.stringContaining(RISKY),
          before: expect.any(String),
          after: expect.stringContaining('CONCURRENTLY'),
        }),
    },
  },
  {
    name: 'a draft of a revision linted as typed',
    method: 'lint.draft',
    input: { id: RISKY, upgradeSql: 'CREATE INDEX audit_log_actor_idx ON audit_log (action);\n', transactional: true },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          statements: [expect.objectContaining({ kind: 'CREATE INDEX' })],
          elapsedMs: expect.any(Number),
        }),
    },
  },
  {
    name: 'a fix applied',
    method: 'lint.applyFix',
    input: { id: RISKY, rule: RISKY_RULE, line: 8 },
    expect: {
      ok: true,
      check: (v) => expect(v).toMatchObject({ checksum: expect.any(String), lint: { revision: RISKY, findings: [] } }),
    },
  },
  {
    name: 'the live impact of a revision',
    method: 'lint.impact',
    input: { connectionId: 'doors-pg', revisions: [PG_BASE, RISKY] },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          method: expect.any(String),
          revisions: [{ revision: PG_BASE }, { revision: RISKY }],
        }),
    },
  },
  {
    name: 'a rehearsal',
    method: 'run.rehearse',
    input: { connectionId: 'doors-pg', target: PG_BASE },
    expect: {
      ok: true,
      check: (v) =>
        expect(v).toMatchObject({
          serverVersion: expect.any(String),
          steps: [{ revision: PG_BASE, direction: 'upgrade' }],
          failed: 0,
        }),
    },
  },
  {
    name: 'an autogenerated revision from a live database at the heads',
    method: 'autogen.write',
    before: upgradedToHeads,
    input: { source: { kind: 'connection', connectionId: 'doors-pg' }, message: 'catch up with schema.sql' },
    expect: {
      ok: true,
      check: (v) => {
        const written = v as AutogenWritten;
        expect(written.written).toMatchObject({ revision: expect.stringMatching(/^[0-9a-f]{12}$/), parents: [RISKY] });
        expect(written.operations.length).toBeGreaterThan(0);
        expect(written.upgradeSql.length).toBeGreaterThan(0);
      },
    },
  },
  {
    name: 'a connection removed',
    method: 'connections.remove',
    input: { id: 'doors-pg' },
    expect: { ok: true, check: (v) => expect(v).toEqual({ removed: true }) },
  },
];

let root: string;
let bridge: Bridge;
const services: Service[] = [];
let doors: Record<DoorName, Door>;
let settings: Record<DoorName, Setting>;
let ipcDoor: IpcDoorUnderTest;
let pgDatabase: TestDatabase;
/** Every event the dispatcher's and the IPC door's services emitted, and what the contract refused, per door. */
const emitted: Record<DoorName, { event: string; payload: unknown }[]> = { dispatcher: [], bridge: [], ipc: [] };
const violations: string[] = [];

function copyProject(name: string): string {
  return copySample(join(root, name));
}

function copyPostgresProject(name: string): string {
  const dir = join(root, name);
  cpSync(resolve('migrations-sample/postgres'), dir, { recursive: true });
  writeFileSync(join(dir, 'versions', RISKY_FILE), RISKY_TEXT);
  return dir;
}

function serviceFor(door: DoorName): Service {
  const service = createService({
    projectDir: copyProject(door),
    configDir: join(root, `config-${door}`),
    secrets: new MemorySecretStore(),
    emit: (event, payload) => emitted[door].push({ event, payload }),
    onContractViolation: (violation) => violations.push(`${door}: ${violation.message}`),
  });
  services.push(service);
  return service;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'strata-doors-'));
  pgDatabase = await createPostgresDatabase();
  const pg = new URL(pgDatabase.url);
  settings = Object.fromEntries(
    (['dispatcher', 'bridge', 'ipc'] as const).map((door) => [
      door,
      { door, pgProject: copyPostgresProject(`${door}-pg`), sqliteFile: join(root, door, 'dev.sqlite'), pg },
    ]),
  ) as Record<DoorName, Setting>;
  // Door 1: the dispatcher over the service.
  const direct: Dispatch = createDispatcher(serviceFor('dispatcher').handlers, {
    onInternalError: (method, error) => violations.push(`dispatcher: ${method}: ${String(error)}`),
  });
  // Door 2: the bridge.
  const staticDir = join(root, 'static');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html>');
  bridge = await startBridge({
    projectDir: copyProject('bridge'),
    configDir: join(root, 'config-bridge'),
    secrets: new MemorySecretStore(),
    staticDir,
    log: (line) => violations.push(`bridge: ${line}`),
  });
  // Door 3: electron/app/ipc.ts, bundled with the stand-in for 'electron'.
  ipcDoor = await openIpcDoorUnderTest(createDispatcher(serviceFor('ipc').handlers), root);
  doors = {
    dispatcher: direct,
    bridge: async (method, input) => {
      const response = await fetch(`${bridge.origin}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-strata-token': bridge.token },
        body: JSON.stringify(input ?? {}),
      });
      return (await response.json()) as Result<unknown>;
    },
    ipc: ipcDoor.call,
  };
});

afterAll(async () => {
  await bridge?.close();
  for (const service of services) await service.dispose();
  await pgDatabase?.drop();
});

/** One answer with what differs by door or by moment left out: folders, names, times, measurements. */
function normalize(setting: Setting, r: Result<unknown>): string {
  return (
    JSON.stringify(r)
      .split(setting.pgProject)
      .join('<pg-project>')
      .split(join(root, setting.door))
      .join('<project>')
      .replace(/"dir":"[^"]*"|"file":"[^"]*"|"name":"(dispatcher|bridge|ipc)"/g, '')
      .replace(/\b(dispatcher|direct|bridge|ipc)\b/g, '<door>')
      .replace(/"(ms|durationMs|elapsedMs|checkedAt|runId)":("[^"]*"|[\d.e+-]+)/g, '"$1":"<varies>"')
      .replace(/"method":"measured on this server[^"]*"/g, '"method":"<measured>"')
      // A new revision's id is random, one per door.
      .replace(/"id":"[0-9a-f]{12}"(?=,+"parents":\["6889de750fdb"\])/g, '"id":"<new>"')
      // An autogenerated revision's id is random, one per door.
      .replace(/"written":\{"revision":"[0-9a-f]{12}"/g, '"written":{"revision":"<new>"')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>')
      // A merge revision's id is random, and so is every list of heads that names it.
      .replace(/"revision":"[0-9a-f]{12}"(?=,+"parents":\["6889de750fdb","0874aef793be"\])/g, '"revision":"<new>"')
      .replace(/\(heads: [0-9a-f, ]*\)/g, '(heads: <heads>)')
  );
}

function casesOf(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, async () => {
      const answers: Partial<Record<DoorName, Result<unknown>>> = {};
      for (const [name, door] of Object.entries(doors) as [DoorName, Door][]) {
        const setting = settings[name];
        await c.before?.(setting);
        const input = typeof c.input === 'function' ? (c.input as (s: Setting) => unknown)(setting) : c.input;
        const result = await door(c.method, input);
        answers[name] = result;
        if (c.expect.ok) {
          expect(result, `${name}: ${JSON.stringify(result).slice(0, 300)}`).toMatchObject({ ok: true });
          if (result.ok) c.expect.check?.(result.value);
        } else {
          expect(result.ok, name).toBe(false);
          if (!result.ok) {
            expect(result.error.code, name).toBe(c.expect.code);
            expect(result.error.message, name).toMatch(c.expect.message);
          }
        }
      }
      // The same question gets the same answer through every door.
      const first = normalize(settings.dispatcher, answers.dispatcher as Result<unknown>);
      expect(normalize(settings.bridge, answers.bridge as Result<unknown>)).toBe(first);
      expect(normalize(settings.ipc, answers.ipc as Result<unknown>)).toBe(first);
    });
  }
}

describe('one contract, three doors', () => {
  casesOf(SAMPLE_CASES);

  it('a run streams events the contract allows, and each door sees the step applied', async () => {
    for (const [name, door] of Object.entries(doors) as [DoorName, Door][]) {
      await expect
        .poll(
          async () => {
            const status = await door('database.status', { id: 'default' });
            return status.ok ? (status.value as { rows: string[] }).rows : status;
          },
          { timeout: 20_000 },
        )
        .toEqual(['3550b5f2509d']);
      if (name === 'bridge') continue;
      const runEvents = emitted[name]
        .filter((e) => e.event === 'run.event')
        .map((e) => (e.payload as { event: { type: string } }).event.type);
      expect(runEvents, name).toEqual(expect.arrayContaining(['plan', 'step-start', 'step-end', 'done']));
    }
    expect(violations).toEqual([]);
  });

  casesOf(POSTGRES_CASES);

  it('the IPC door refuses a sender that is not our app page', async () => {
    const refused = await ipcDoor.callFrom('https://evil.example/', 'project.info', {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('every method of the contract has a case that succeeds through every door', () => {
    const succeeding = new Set([...SAMPLE_CASES, ...POSTGRES_CASES].filter((c) => c.expect.ok).map((c) => c.method));
    expect(METHODS.filter((m) => !succeeding.has(m))).toEqual([]);
  });

  it('nothing any door answered or emitted broke the contract', () => {
    expect(violations).toEqual([]);
  });
});
