// The commands: name and one line each, for the usage text, and the module that runs it,
// imported only when that command runs. A CLI start pays for the command it runs, not for all
// of them (serve alone brings the bridge, the contract and zod; lint the PostgreSQL parser).
import type { Command } from '../command.ts';

export interface CommandEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'init',
    summary: 'create a project: strata.json and an empty versions folder',
    load: async () => (await import('./write.ts')).initCommand,
  },
  {
    name: 'revision',
    summary: 'write a new revision file (--autogenerate: from schema.sql)',
    load: async () => (await import('./write.ts')).revisionCommand,
  },
  {
    name: 'merge',
    summary: 'write a merge revision joining heads, after naming their conflicts (--check: the analysis alone, for CI)',
    load: async () => (await import('./merge.ts')).mergeCommand,
  },
  {
    name: 'rebase',
    summary: 'linearize: re-parent an unapplied branch onto another revision (--onto REV)',
    load: async () => (await import('./merge.ts')).rebaseCommand,
  },
  {
    name: 'import-alembic',
    summary: 'write a native project (DIR) from an Alembic one, its SQL rendered offline by alembic; stamps nothing',
    load: async () => (await import('./import-alembic.ts')).importAlembicCommand,
  },
  {
    name: 'upgrade',
    summary: 'apply revisions up to a target (heads, head, REV, +N, label@head…)',
    load: async () => (await import('./run.ts')).upgradeCommand,
  },
  {
    name: 'downgrade',
    summary: 'take revisions back down to a target (base, REV, -N, label@-N, label@base…)',
    load: async () => (await import('./run.ts')).downgradeCommand,
  },
  {
    name: 'current',
    summary: "show the database's current revisions",
    load: async () => (await import('./read.ts')).currentCommand,
  },
  {
    name: 'heads',
    summary: 'list the heads of the revision graph',
    load: async () => (await import('./read.ts')).headsCommand,
  },
  {
    name: 'history',
    summary: 'list revisions, newest first',
    load: async () => (await import('./read.ts')).historyCommand,
  },
  {
    name: 'show',
    summary: 'show one revision: metadata and SQL',
    load: async () => (await import('./read.ts')).showCommand,
  },
  {
    name: 'stamp',
    summary: 'set the version table to a target without running SQL',
    load: async () => (await import('./write.ts')).stampCommand,
  },
  {
    name: 'resolve',
    summary: 'an interrupted transactional false revision: what it left, and --mark-applied, --rollback or --rerun',
    load: async () => (await import('./resolve.ts')).resolveCommand,
  },
  {
    name: 'diff',
    summary: "the SQL from the migrations' schema (or --url's) to schema.sql, printed, not written",
    load: async () => (await import('./autogen.ts')).diffCommand,
  },
  {
    name: 'roundtrip',
    summary: 'on a shadow database, each revision up, down and up: every downgrade must restore the schema',
    load: async () => (await import('./autogen.ts')).roundtripCommand,
  },
  {
    name: 'check',
    summary: 'CI gate: valid graph, unedited applied revisions, [--single-head], [database at heads]',
    load: async () => (await import('./check.ts')).checkCommand,
  },
  {
    name: 'lint',
    summary: 'lock-risk analysis: locks, rewrites, blocking and safe fixes per statement (exit 1 on errors)',
    load: async () => (await import('./lint.ts')).lintCommand,
  },
  {
    name: 'rehearse',
    summary: 'run the upgrade plan in one rolled-back transaction on PostgreSQL: predicted vs observed locks',
    load: async () => (await import('./rehearse.ts')).rehearseCommand,
  },
  {
    name: 'serve',
    summary: 'open the studio in a browser: a localhost server with a random token',
    load: async () => (await import('./serve.ts')).serveCommand,
  },
];
