// The lint benchmark's corpus: realistic PostgreSQL migration files (bare SQL), generated at
// run time from a fixed seed, so that every run lints the same text. Each file is what one
// migration of a growing application does: new tables with foreign keys, indexes (some
// CONCURRENTLY), columns with defaults, constraints added NOT VALID and validated, NOT NULL,
// type changes, renames, drops, data fixes, lock_timeout — the statements squawk and Strata
// both have rules for.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LintCorpus {
  readonly dir: string;
  readonly files: readonly string[];
  /** Statements written, counted by the generator (each ends with `;`). */
  readonly statements: number;
  readonly bytes: number;
}

/** A small deterministic PRNG (mulberry32): the corpus is the same on every run. */
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

const NOUNS = [
  'account',
  'invoice',
  'order',
  'customer',
  'product',
  'shipment',
  'payment',
  'ticket',
  'project',
  'member',
  'session',
  'event',
  'address',
  'coupon',
  'review',
];
const COLUMN_TYPES = [
  'text',
  'integer',
  'bigint',
  'boolean',
  'timestamptz',
  'numeric(12,2)',
  'varchar(120)',
  'jsonb',
  'uuid',
  'date',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function defaultFor(type: string, rand: () => number): string {
  switch (type) {
    case 'text':
    case 'varchar(120)':
      return `'${pick(rand, ['pending', 'active', 'none', ''])}'`;
    case 'integer':
    case 'bigint':
      return String(Math.floor(rand() * 10));
    case 'boolean':
      return rand() < 0.5 ? 'false' : 'true';
    case 'timestamptz':
      return rand() < 0.5 ? 'now()' : "'2020-01-01 00:00:00+00'";
    case 'numeric(12,2)':
      return '0';
    case 'jsonb':
      return "'{}'::jsonb";
    case 'uuid':
      return 'gen_random_uuid()';
    default:
      return 'CURRENT_DATE';
  }
}

/**
 * One migration file: ~12 statements. Table `t` is created here (new, harmless); the others it
 * alters are taken to exist already (bare files are linted as revisions over existing tables).
 */
function migration(index: number, rand: () => number): string[] {
  const n = `${pick(rand, NOUNS)}_${index}`;
  const parent = `${pick(rand, NOUNS)}s`;
  const other = `${pick(rand, NOUNS)}s`;
  const col = `${pick(rand, ['note', 'status', 'score', 'region', 'label', 'flag'])}_${index}`;
  const type = pick(rand, COLUMN_TYPES);
  const out: string[] = [];
  if (rand() < 0.5) out.push("SET lock_timeout = '5s'");
  out.push(
    `CREATE TABLE ${n}s (\n    id bigserial PRIMARY KEY,\n` +
      `    ${parent.slice(0, -1)}_id bigint NOT NULL REFERENCES ${parent} (id) ON DELETE CASCADE,\n` +
      `    name text NOT NULL,\n    status varchar(20) NOT NULL DEFAULT 'new',\n    amount numeric(12,2),\n` +
      `    created_at timestamptz NOT NULL DEFAULT now(),\n    updated_at timestamptz\n)`,
  );
  out.push(`CREATE INDEX ${n}s_${parent.slice(0, -1)}_id_idx ON ${n}s (${parent.slice(0, -1)}_id)`);
  out.push(
    rand() < 0.5
      ? `CREATE INDEX CONCURRENTLY ${other}_${col}_idx ON ${other} (${col})`
      : `CREATE UNIQUE INDEX ${other}_${col}_key ON ${other} (${col}, created_at)`,
  );
  out.push(`ALTER TABLE ${other} ADD COLUMN ${col} ${type}${rand() < 0.6 ? ` DEFAULT ${defaultFor(type, rand)}` : ''}`);
  if (rand() < 0.5) {
    out.push(
      `ALTER TABLE ${other} ADD CONSTRAINT ${other}_${n}_fk FOREIGN KEY (${n}_id) REFERENCES ${n}s (id) NOT VALID`,
    );
    out.push(`ALTER TABLE ${other} VALIDATE CONSTRAINT ${other}_${n}_fk`);
  } else {
    out.push(`ALTER TABLE ${other} ADD CONSTRAINT ${other}_${col}_check CHECK (char_length(name) > 0)`);
    out.push(`ALTER TABLE ${parent} ADD CONSTRAINT ${parent}_${col}_not_null CHECK (${col} IS NOT NULL) NOT VALID`);
  }
  out.push(`ALTER TABLE ${parent} ALTER COLUMN ${col} SET NOT NULL`);
  out.push(
    rand() < 0.5
      ? `ALTER TABLE ${other} ALTER COLUMN amount TYPE numeric(14,2)`
      : `ALTER TABLE ${other} ALTER COLUMN name TYPE varchar(200)`,
  );
  out.push(
    rand() < 0.5
      ? `ALTER TABLE ${parent} DROP COLUMN legacy_${index}`
      : `ALTER TABLE ${parent} RENAME COLUMN old_${index} TO new_${index}`,
  );
  out.push(
    rand() < 0.5
      ? `UPDATE ${other} SET ${col} = ${defaultFor(type, rand)} WHERE ${col} IS NULL`
      : `DELETE FROM ${other} WHERE created_at < now() - interval '90 days'`,
  );
  out.push(`ALTER TABLE ${other} ADD COLUMN ${col}_at timestamptz, ADD COLUMN ${col}_by bigint`);
  if (rand() < 0.3) out.push(`ALTER TABLE ${n}s RENAME TO ${n}_entries`);
  if (rand() < 0.3)
    out.push(`CREATE INDEX ${n}s_created_idx ON ${n}s USING btree (created_at DESC) WHERE status <> 'archived'`);
  if (rand() < 0.2) out.push(`ALTER TABLE ${other} ADD PRIMARY KEY (id)`);
  if (rand() < 0.2) out.push(`DROP INDEX ${other}_${col}_old_idx`);
  return out;
}

/** Writes `files` migration files (≈12–15 statements each) into `dir`. */
export function writeLintCorpus(dir: string, files = 100, seed = 20260401): LintCorpus {
  mkdirSync(dir, { recursive: true });
  const rand = prng(seed);
  const paths: string[] = [];
  let statements = 0;
  let bytes = 0;
  for (let i = 1; i <= files; i++) {
    const stmts = migration(i, rand);
    const text = `-- migration ${i}: generated by bench/lint/corpus.ts\n\n${stmts.map((s) => `${s};\n`).join('\n')}`;
    const path = join(dir, `${String(i).padStart(4, '0')}_migration.sql`);
    writeFileSync(path, text);
    paths.push(path);
    statements += stmts.length;
    bytes += Buffer.byteLength(text);
  }
  return { dir, files: paths, statements, bytes };
}
