// Generated projects for the benchmarks: a realistic revision graph (mostly linear, with
// branches that fork off and merge back, a few branch labels and depends-on edges) and
// revision files with a couple of ordinary DDL statements each, written in the project's
// own file format.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asRevisionId, type RevisionId } from '../shared/model/revision.ts';
import { renderRevisionFile, slugify } from '../electron/engine/project/revision-file.ts';
import { renderStrataConfig } from '../electron/engine/project/strata-config.ts';

export type BenchDialect = 'postgres' | 'sqlite';

interface Node {
  readonly id: RevisionId;
  readonly parents: readonly RevisionId[];
  readonly dependsOn: readonly RevisionId[];
  readonly labels: readonly string[];
  readonly merge: boolean;
  /** Index of the revision: names its own table / column / index. */
  readonly n: number;
  /** The table this revision's own statements work on (created by it or by an ancestor). */
  readonly table: string;
  readonly kind: 'create' | 'add-indexed-column' | 'add-column' | 'merge';
  readonly message: string;
}

export interface GeneratedProject {
  readonly dir: string;
  readonly count: number;
  readonly heads: readonly RevisionId[];
  readonly branches: number;
  readonly merges: number;
  readonly labels: number;
  readonly dependsOn: number;
  readonly statements: number;
}

/** mulberry32: a small deterministic generator, so every run benchmarks the same project. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sqlFor(dialect: BenchDialect, node: Node): { up: string; down: string } {
  const t = node.table;
  const n = node.n;
  switch (node.kind) {
    case 'create':
      if (dialect === 'postgres') {
        return {
          up:
            `CREATE TABLE ${t} (\n` +
            `    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n` +
            `    name VARCHAR(200) NOT NULL,\n` +
            `    status VARCHAR(20) NOT NULL DEFAULT 'new',\n` +
            `    amount NUMERIC(12, 2),\n` +
            `    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n` +
            `);\n` +
            `CREATE INDEX ix_${t}_created_at ON ${t} (created_at);\n`,
          down: `DROP TABLE ${t};\n`,
        };
      }
      return {
        up:
          `CREATE TABLE ${t} (\n` +
          `    id INTEGER PRIMARY KEY,\n` +
          `    name VARCHAR(200) NOT NULL,\n` +
          `    status VARCHAR(20) NOT NULL DEFAULT 'new',\n` +
          `    amount NUMERIC(12, 2),\n` +
          `    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP\n` +
          `);\n` +
          `CREATE INDEX ix_${t}_created_at ON ${t} (created_at);\n`,
        down: `DROP TABLE ${t};\n`,
      };
    case 'add-indexed-column':
      return {
        up: `ALTER TABLE ${t} ADD COLUMN ref_${n} VARCHAR(64);\nCREATE INDEX ix_${t}_ref_${n} ON ${t} (ref_${n});\n`,
        down: `DROP INDEX ix_${t}_ref_${n};\nALTER TABLE ${t} DROP COLUMN ref_${n};\n`,
      };
    case 'add-column':
      return {
        up:
          `-- counts for the reports\nALTER TABLE ${t} ADD COLUMN count_${n} INTEGER NOT NULL DEFAULT 0;\n` +
          `UPDATE ${t} SET count_${n} = 1 WHERE status = 'done';\n`,
        down: `ALTER TABLE ${t} DROP COLUMN count_${n};\n`,
      };
    case 'merge':
      return { up: '', down: '' };
  }
}

/**
 * One statement per revision (merges stay empty): the workload where a runner's fixed cost
 * per revision (its bookkeeping, round trips and events) weighs most next to psql's.
 */
function oneStatementSql(dialect: BenchDialect, node: Node): { up: string; down: string } {
  const t = node.table;
  const n = node.n;
  switch (node.kind) {
    case 'create':
      return {
        up:
          `CREATE TABLE ${t} (id ${dialect === 'postgres' ? 'BIGINT' : 'INTEGER'} PRIMARY KEY, ` +
          `name VARCHAR(200) NOT NULL);\n`,
        down: `DROP TABLE ${t};\n`,
      };
    case 'add-indexed-column':
      return { up: `CREATE INDEX ix_${t}_name_${n} ON ${t} (name);\n`, down: `DROP INDEX ix_${t}_name_${n};\n` };
    case 'add-column':
      return {
        up: `ALTER TABLE ${t} ADD COLUMN count_${n} INTEGER NOT NULL DEFAULT 0;\n`,
        down: `ALTER TABLE ${t} DROP COLUMN count_${n};\n`,
      };
    case 'merge':
      return { up: '', down: '' };
  }
}

/**
 * Writes a project of `count` revisions. Shape: a main line; every 150-300 revisions a
 * branch forks off, grows for 5-40 revisions interleaved with the main line, then a merge
 * revision joins it back. One branch in four carries a label; now and then a main-line
 * revision depends on a revision of an open branch. Everything is merged at the end: one head.
 */
export function generateProject(
  dialect: BenchDialect,
  count: number,
  seed = 42,
  dir = mkdtempSync(join(tmpdir(), 'strata-bench-')),
  options: { oneStatement?: boolean } = {},
): GeneratedProject {
  const random = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(random() * (hi - lo + 1));
  const taken = new Set<string>();
  const newId = (): RevisionId => {
    for (;;) {
      let id = '';
      for (let i = 0; i < 12; i++) id += Math.floor(random() * 16).toString(16);
      if (!taken.has(id)) {
        taken.add(id);
        return asRevisionId(id);
      }
    }
  };
  const nodes: Node[] = [];
  const byId = new Map<RevisionId, Node>();
  let branches = 0;
  let labels = 0;
  let dependsOnCount = 0;
  let merges = 0;

  const add = (
    parents: RevisionId[],
    opts: { label?: string; dependsOn?: RevisionId[]; merge?: boolean } = {},
  ): Node => {
    const n = nodes.length;
    const parent = parents[0] === undefined ? undefined : byId.get(parents[0]);
    let kind: Node['kind'];
    if (opts.merge) kind = 'merge';
    else if (parent === undefined) kind = 'create';
    else {
      const r = random();
      kind = r < 0.35 ? 'create' : r < 0.7 ? 'add-indexed-column' : 'add-column';
    }
    const table = kind === 'create' ? `t_${n}` : (parent as Node).table;
    const message =
      kind === 'create'
        ? `create ${table}`
        : kind === 'add-indexed-column'
          ? `add ref_${n} to ${table}`
          : kind === 'add-column'
            ? `add count_${n} to ${table}`
            : `merge ${parents.join(' and ')}`;
    const node: Node = {
      id: newId(),
      parents,
      dependsOn: opts.dependsOn ?? [],
      labels: opts.label ? [opts.label] : [],
      merge: opts.merge ?? false,
      n,
      table,
      kind,
      message,
    };
    nodes.push(node);
    byId.set(node.id, node);
    return node;
  };

  let main = add([]);
  interface Branch {
    tip: RevisionId;
    left: number;
  }
  let open: Branch | undefined;
  let nextFork = int(150, 300);
  while (nodes.length < count) {
    const remaining = count - nodes.length;
    if (open && (open.left === 0 || remaining <= 1)) {
      // Join the branch back: a merge revision with both tips as parents (empty, as usual).
      main = add([main.id, open.tip], { merge: true });
      merges++;
      open = undefined;
      continue;
    }
    if (!open && nodes.length >= nextFork && remaining > 50) {
      branches++;
      const label = branches % 4 === 1 ? `feature_${branches}` : undefined;
      if (label) labels++;
      const first = add([main.id], label === undefined ? {} : { label });
      open = { tip: first.id, left: int(5, 40) - 1 };
      nextFork = nodes.length + int(150, 300);
      continue;
    }
    if (open && random() < 0.5) {
      open.tip = add([open.tip]).id;
      open.left--;
      continue;
    }
    // Now and then the main line needs something an open branch has already done.
    if (open && random() < 0.05) {
      dependsOnCount++;
      main = add([main.id], { dependsOn: [open.tip] });
      continue;
    }
    main = add([main.id]);
  }

  const { statements } = writeNodes(dialect, nodes, dir, options.oneStatement === true);
  const withChildren = new Set(nodes.flatMap((n) => n.parents));
  const heads = nodes.filter((n) => !withChildren.has(n.id)).map((n) => n.id);
  return { dir, count: nodes.length, heads, branches, merges, labels, dependsOn: dependsOnCount, statements };
}

/**
 * Writes a project with `heads` heads: one base revision and, on top of it, `heads`
 * independent branches of one revision each (each creates its own table), as a project
 * looks whose teams never merge. `upgrade heads` then moves the version table from one row
 * to `heads` rows.
 */
export function generateHeadsProject(dialect: BenchDialect, heads: number, dir: string): GeneratedProject {
  const nodes: Node[] = [];
  const id = (n: number): RevisionId => asRevisionId(n.toString(16).padStart(12, '0'));
  nodes.push({
    id: id(1),
    parents: [],
    dependsOn: [],
    labels: [],
    merge: false,
    n: 0,
    table: 't_0',
    kind: 'create',
    message: 'create t_0',
  });
  for (let n = 1; n <= heads; n++) {
    nodes.push({
      id: id(n + 1),
      parents: [id(1)],
      dependsOn: [],
      labels: [],
      merge: false,
      n,
      table: `t_${n}`,
      kind: 'create',
      message: `create t_${n}`,
    });
  }
  const { statements } = writeNodes(dialect, nodes, dir, false);
  return {
    dir,
    count: nodes.length,
    heads: nodes.slice(1).map((n) => n.id),
    branches: heads,
    merges: 0,
    labels: 0,
    dependsOn: 0,
    statements,
  };
}

function writeNodes(
  dialect: BenchDialect,
  nodes: readonly Node[],
  dir: string,
  oneStatement: boolean,
): { statements: number } {
  mkdirSync(join(dir, 'versions'), { recursive: true });
  writeFileSync(
    join(dir, 'strata.json'),
    renderStrataConfig({ dialect, versions: 'versions', versionTable: 'strata_version' }),
  );
  const base = Date.UTC(2023, 0, 1);
  let statements = 0;
  nodes.forEach((node, i) => {
    const { up, down } = oneStatement ? oneStatementSql(dialect, node) : sqlFor(dialect, node);
    statements += (up.match(/;/g) ?? []).length;
    const text = renderRevisionFile({
      id: node.id,
      parents: node.parents,
      dependsOn: node.dependsOn,
      branchLabels: node.labels,
      message: node.message,
      // A few hours apart, in creation order.
      created: new Date(base + i * 3_600_000 * 5).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      transactional: true,
      upgradeSql: up,
      downgradeSql: down,
    });
    writeFileSync(join(dir, 'versions', `${node.id}_${slugify(node.message)}.sql`), text);
  });
  return { statements };
}
