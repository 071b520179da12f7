// Where benchmark 6's time goes (not part of `npm run bench`):
//
//   npx tsx bench/profile-autogen.ts [TABLES]
//
// Starts the bench's embedded PostgreSQL, writes the autogenerate bench's project (1,000 tables,
// 10 columns changed), upgrades a live database to it, then times, through the engine's own
// functions and one after the other, each phase `strata diff --url` is made of: the shadow
// database's creation, schema.sql applied to it, both introspections, the diff, rendering, the
// per-operation SQL, the lint of the upgrade, the before/after DDL, the JSON, the shadow's drop.
// The whole process's start is timed on its own (`strata --version`).
//
// Then the path an edit takes (schema/incremental/): the cache holds the model of the
// revision's schema (schema.sql before the edit), schema.sql has 10 columns changed: the
// statements classified, the plan, the small shadow, the whole target; a comment-only edit;
// and `strata diff --json` as a process on that edit.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { diffSchemas } from '../electron/engine/autogen/diff.ts';
import { renderDiff } from '../electron/engine/autogen/render.ts';
import { HISTORY_TABLE } from '../electron/engine/dialects/dialect.ts';
import { connect } from '../electron/engine/dialects/registry.ts';
import { planUpgrade } from '../electron/engine/graph/plan.ts';
import { loadProject } from '../electron/engine/project/project.ts';
import { runMigration } from '../electron/engine/runner/runner.ts';
import { introspect } from '../electron/engine/schema/introspect.ts';
import { planIncremental } from '../electron/engine/schema/incremental/plan.ts';
import { buildChanged, classifyAll } from '../electron/engine/schema/incremental/target.ts';
import { applySql, openShadow } from '../electron/engine/schema/shadow.ts';
import { splitStatements } from '../electron/engine/sql/statements.ts';
import {
  compareSchemas,
  NO_RENAMES,
  onShadow,
  schemaDdl,
  targetSchema,
  type TargetPath,
} from '../electron/engine/usecases/autogen.ts';
import { writeBenchProject } from './autogen.ts';
import { median, round } from './measure.ts';
import { startServer } from './postgres.ts';

const tables = Number(process.argv[2] ?? 1000);
const reps = Number(process.env.PROFILE_REPS ?? 3);
const phases: Record<string, number[]> = {};
async function timed<T>(name: string, work: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const value = await work();
  (phases[name] ??= []).push(performance.now() - t);
  return value;
}

/** A backend's CPU time so far (user + system), from /proc: the server runs on this machine. */
function backendCpuMs(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The edit's path: from the cached model of the revision's schema to schema.sql with 10 columns changed. */
async function profileEdit(dir: string, url: string, edited: string): Promise<void> {
  const project = loadProject(dir);
  const options = { dialect: 'postgres' as const, serverUrl: url };
  const schemaFile = join(dir, 'schema.sql');
  const cacheFile = join(dir, '.strata', 'schema-cache.json');
  const revision = readFileSync(join(dir, 'versions', '0b0b0b0b0b0b_the_whole_schema.sql'), 'utf8');
  const before = revision.split('-- strata:upgrade\n')[1]?.split('-- strata:downgrade')[0] ?? '';
  const paths: string[] = [];
  const onPath = (path: TargetPath, why?: string) => paths.push(why === undefined ? path : `${path} (${why})`);
  writeFileSync(schemaFile, before);
  const model = await targetSchema(project, options, undefined, onPath);
  copyFileSync(cacheFile, `${cacheFile}.before`);
  const statements = await classifyAll(before);
  for (let i = 0; i < reps + 1; i++) {
    const known = await timed('edit: statements classified (known ones reused)', () => classifyAll(edited, statements));
    const planned = await timed('edit: plan', () => planIncremental(statements, known, model));
    if (planned.kind !== 'incremental') throw new Error(`expected the incremental path, got ${planned.kind}`);
    await timed('edit: small shadow (create, stubs + changed statements, introspect, splice, drop)', () =>
      onShadow(options, (shadow) => buildChanged(shadow, model, planned.plan)),
    );
    copyFileSync(`${cacheFile}.before`, cacheFile);
    writeFileSync(schemaFile, edited);
    await timed('edit: targetSchema, whole (cache, server identity, all of the above)', () =>
      targetSchema(project, options, undefined, onPath),
    );
    writeFileSync(schemaFile, `${edited}-- a comment ${i}\n`);
    await timed('comment-only edit: targetSchema, whole', () => targetSchema(project, options, undefined, onPath));
    copyFileSync(`${cacheFile}.before`, cacheFile);
    writeFileSync(schemaFile, edited);
    await timed('edit: process `strata diff --json --url` (whole)', () =>
      execFileSync(process.execPath, [
        join(process.cwd(), 'bin', 'strata.js'),
        '--project',
        dir,
        '--url',
        url,
        'diff',
        '--json',
      ]),
    );
    if (i === 0)
      for (const k of Object.keys(phases)) if (k.startsWith('edit') || k.startsWith('comment')) phases[k] = [];
  }
  console.log(`paths taken: ${[...new Set(paths)].join('; ')}`);
  writeFileSync(schemaFile, edited);
}

const dir = mkdtempSync(join(tmpdir(), 'strata-profile-autogen-'));
const server = await startServer();
try {
  writeBenchProject(dir, tables);
  const project = loadProject(dir);
  const live = await server.createDatabase();
  const liveTarget = { dialect: 'postgres' as const, url: live.url };
  const conn = await connect(liveTarget);
  await runMigration(
    conn,
    project.map,
    { version: 'strata_version', history: HISTORY_TABLE },
    { plan: (applied) => planUpgrade(project.map, applied, 'heads') },
  );
  await conn.close();
  const sql = readFileSync(join(dir, 'schema.sql'), 'utf8');
  const load = loadavg()[0] ?? 0;
  for (let i = 0; i < reps + 1; i++) {
    const shadow = await timed('shadow: CREATE DATABASE', () =>
      openShadow({ dialect: 'postgres', serverUrl: live.url }),
    );
    await timed('client: schema.sql split into statements', () => splitStatements(sql).length);
    const shadowConn = await shadow.connect();
    await shadowConn.execute('SET synchronous_commit = off');
    const [pid] = await shadowConn.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const cpu0 = backendCpuMs(pid?.pid);
    await timed('shadow: schema.sql applied', () => applySql(shadowConn, sql, 'schema.sql'));
    const cpu1 = backendCpuMs(pid?.pid);
    (phases['shadow: server CPU of the apply (user+sys)'] ??= []).push(cpu1 - cpu0);
    const to = await timed('shadow: introspected', () => introspect(shadowConn));
    await shadowConn.close();
    await timed('shadow: DROP DATABASE', () => shadow.drop());
    const from = await timed('live: introspected', async () => {
      const c = await connect(liveTarget);
      try {
        return await introspect(c);
      } finally {
        await c.close();
      }
    });
    const diff = await timed('diff', () => diffSchemas(from, to, NO_RENAMES));
    await timed('render', () => renderDiff(diff, from, to));
    await timed('before/after DDL', () => [schemaDdl(from), schemaDdl(to)]);
    const result = await timed('compareSchemas (all of the above after introspection, + lint)', () =>
      compareSchemas(project, from, to, 'live', NO_RENAMES),
    );
    await timed('JSON', () => JSON.stringify(result, null, 2).length);
    if (i === 0) for (const k of Object.keys(phases)) phases[k] = [];
  }
  await profileEdit(dir, live.url, sql);
  const t = performance.now();
  execFileSync(process.execPath, [join(process.cwd(), 'bin', 'strata.js'), '--version']);
  const start = performance.now() - t;
  console.log(`load average ${round(load, 2)}; ${tables} tables; median of ${reps}`);
  for (const [name, values] of Object.entries(phases)) console.log(`${round(median(values))} ms\t${name}`);
  console.log(`${round(start)} ms\tprocess: strata --version (once)`);
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
