// `lint`: what each statement of the revisions (or of the files named) locks, on which
// relations, whether it rewrites or scans, whether it blocks reads or writes — and the
// findings, with their fixes. Without FILES, every revision of the project is linted, in
// graph order, each against the schema the revisions before it built. With --url the schema
// is read from that PostgreSQL database's catalog instead (its server version, TimeZone and
// function volatility too), and the default selection is the revisions it has not applied.
// Exit code: 1 when any finding is an error (with --strict: an error or a warning), else 0.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RevisionId } from '../../../shared/model/revision.ts';
import type { RevisionMap } from '../../engine/graph/revision-map.ts';
import { resolveRevision } from '../../engine/graph/targets.ts';
import { appliedFromRows } from '../../engine/graph/plan.ts';
import { connect, describeTarget, parseDatabaseUrl } from '../../engine/dialects/registry.ts';
import { readVersionRows } from '../../engine/dialects/strata-tables.ts';
import { loadLiveCatalog, type LiveCatalog } from '../../engine/lint/catalog/live-catalog.ts';
import { liveImpact, type LiveImpact } from '../../engine/lint/live/live-impact.ts';
import { impactLines } from '../../engine/lint/live/format.ts';
import { ProjectNotFoundError } from '../../engine/project/errors.ts';
import type { Project } from '../../engine/project/project.ts';
import { lintText } from '../../engine/lint/lint-file.ts';
import type { LintOptions } from '../../engine/lint/linter.ts';
import { loadParser } from '../../engine/lint/parse.ts';
import { lintProject, projectLintOptions } from '../../engine/lint/project-lint.ts';
import { JsonReportWriter } from '../../engine/lint/json-report.ts';
import { githubAnnotations, LintTally, lockLine, summaryExitCode, type LintSummary } from '../../engine/lint/report.ts';
import { SchemaModel } from '../../engine/lint/schema/model.ts';
import type { FileReport, Severity, StatementReport } from '../../engine/lint/types.ts';
import { stringOption, type Command } from '../command.ts';
import { openProject, tablesOf, type CommandContext } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, paint, type Color } from '../output.ts';

/** `A:B`, `:B`, `A:` — inclusive, as `history -r`. */
function rangeOf(map: RevisionMap, range: string): RevisionId[] {
  const [from, to, extra] = range.split(':');
  if (extra !== undefined || from === undefined || to === undefined) throw new UsageError(`--range takes A:B, :B or A: (got '${range}')`);
  const end = (ref: string): RevisionId[] => (ref === 'heads' ? [...map.heads] : ref === 'base' ? [] : [resolveRevision(map, ref)]);
  const upper = to === '' ? new Set(map.order) : map.ancestors(end(to));
  const lower = from === '' || from === 'base' ? undefined : map.descendants(end(from));
  return map.sortForUpgrade([...upper].filter((id) => !lower || lower.has(id)));
}

function tryProject(ctx: CommandContext, required: boolean): Project | undefined {
  try {
    return openProject(ctx);
  } catch (error) {
    if (!required && error instanceof ProjectNotFoundError) return undefined;
    throw error;
  }
}

function cliOptions(values: Parameters<Command['run']>[1]): LintOptions {
  const version = stringOption(values, 'pg-version');
  const pgVersion = version === undefined ? undefined : Number.parseFloat(version);
  if (pgVersion !== undefined && !(pgVersion >= 9 && pgVersion < 100)) throw new UsageError(`--pg-version takes a PostgreSQL major version such as 15 (got '${version}')`);
  const dialect = stringOption(values, 'dialect');
  if (dialect !== undefined && dialect !== 'postgres' && dialect !== 'sqlite') throw new UsageError(`--dialect is sqlite or postgres, not '${dialect}'`);
  return {
    ...(pgVersion !== undefined ? { pgVersion } : {}),
    ...(dialect !== undefined ? { dialect } : {}),
    ...(stringOption(values, 'lock-timeout') !== undefined ? { lockTimeoutFromRunner: true } : {}),
  };
}

/** The live catalog and, for a project, which revisions that database has applied. */
async function readLive(ctx: CommandContext, url: string, project: Project | undefined): Promise<{ catalog: LiveCatalog; applied: Set<RevisionId>; display: string }> {
  const target = parseDatabaseUrl(url, ctx.cwd);
  if (target.dialect !== 'postgres') throw new UsageError(`lint --url reads a PostgreSQL catalog; ${describeTarget(target)} is not PostgreSQL`);
  const conn = await connect(target);
  try {
    const catalog = await loadLiveCatalog(conn);
    const applied = project ? appliedFromRows(project.map, await readVersionRows(conn, tablesOf(project))) : new Set<RevisionId>();
    return { catalog, applied, display: conn.display };
  } finally {
    await conn.close();
  }
}

/** FILES as given; a folder stands for the .sql files under it, in path order (dot-folders skipped). */
function namedFiles(cwd: string, names: readonly string[]): { file: string; path: string }[] {
  const out: { file: string; path: string }[] = [];
  const walk = (file: string, path: string): void => {
    const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      if (e.isDirectory()) walk(join(file, e.name), join(path, e.name));
      else if (e.isFile() && e.name.endsWith('.sql')) out.push({ file: join(file, e.name), path: join(path, e.name) });
    }
  };
  for (const file of names) {
    const path = resolve(cwd, file);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory() !== true) out.push({ file, path });
    else {
      const before = out.length;
      walk(file, path);
      if (out.length === before) throw new UsageError(`no .sql files under ${file}`);
    }
  }
  return out;
}

/** A file named on the command line; one that cannot be read is the caller's mistake, not the database's. */
function readNamedFile(path: string, named: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read ${named}: ${why}`);
  }
}

const COLORS: Readonly<Record<Severity, Color>> = { error: 'red', warning: 'yellow', info: 'cyan' };

function printReport(ctx: CommandContext, r: FileReport): void {
  for (const f of r.findings) line(ctx.out, `${r.file}:${f.line}  ${paint(ctx.out, COLORS[f.severity], f.severity)}  ${f.rule}  ${f.message}`);
  for (const s of r.statements) {
    const locks = lockLine(s);
    // SQLite has one database-wide write lock: its statements are listed only with findings.
    if (s.findings.length === 0 && (r.dialect === 'sqlite' || (!s.blocksReads && !s.blocksWrites))) continue;
    line(ctx.out, `${paint(ctx.out, 'bold', `${s.file}:${s.line}`)}  ${s.kind}${locks ? paint(ctx.out, 'gray', `  ${locks}`) : ''}`);
    for (const f of s.findings) {
      line(ctx.out, `  ${paint(ctx.out, COLORS[f.severity], f.severity.padEnd(7))}  ${f.rule}: ${f.message}`);
      if (f.fix) line(ctx.out, paint(ctx.out, 'gray', `           fix: ${f.fix.description}`));
    }
  }
}

function printSummary(ctx: CommandContext, s: LintSummary): void {
  line(ctx.out, `${s.statements} statement${s.statements === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}: ${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ${s.infos} note${s.infos === 1 ? '' : 's'}`);
}

export const lintCommand: Command = {
  usage: 'strata lint [FILES|FOLDERS…] [--revision R | --range A:B] [--url URL] [--json] [--format github] [--strict] [--pg-version N] [--lock-timeout T] [--dialect D]',
  options: ['revision', 'range', 'format', 'strict', 'pg-version', 'lock-timeout', 'dialect'],
  async run(ctx, values, positionals) {
    const format = stringOption(values, 'format') ?? (ctx.out.json ? 'json' : 'text');
    if (format !== 'text' && format !== 'json' && format !== 'github') throw new UsageError(`--format is text, json or github, not '${format}'`);
    const revision = stringOption(values, 'revision');
    const range = stringOption(values, 'range');
    if (revision !== undefined && range !== undefined) throw new UsageError('give --revision or --range, not both');
    if (positionals.length > 0 && (revision !== undefined || range !== undefined)) throw new UsageError('give FILES or --revision/--range, not both');
    const project = tryProject(ctx, positionals.length === 0);
    let options = project ? projectLintOptions(project, cliOptions(values)) : cliOptions(values);
    const live = ctx.options.url !== undefined ? await readLive(ctx, ctx.options.url, project) : undefined;
    if (live) {
      // The server's own answers win over strata.json, except an explicit --pg-version.
      options = { ...options, pgVersion: options.pgVersion !== undefined && stringOption(values, 'pg-version') !== undefined ? options.pgVersion : live.catalog.pgVersion, utcSession: live.catalog.utcSession, volatility: live.catalog.volatility };
      if (format === 'text') line(ctx.out, paint(ctx.out, 'gray', `live catalog: PostgreSQL ${live.catalog.serverVersion} at ${live.display}, TimeZone ${live.catalog.timeZone}${project ? `, ${live.applied.size} of ${project.map.order.length} revisions applied` : ''}`));
    }
    const fresh = (): SchemaModel => (live ? live.catalog.model.clone() : new SchemaModel());
    // Each report is printed (or, for --json, serialized) as soon as its file is linted and
    // then dropped: keeping thousands of them until the end costs more in garbage collection
    // than the printing does. --json still writes its document only at the end, whole.
    const writer = format === 'json' ? new JsonReportWriter() : undefined;
    const tally = new LintTally();
    // With --url the impact is worked out at the end, over every statement.
    const liveStatements: StatementReport[] = [];
    let anyPostgres = false;
    const take = (report: FileReport): void => {
      tally.add(report);
      if (live) {
        liveStatements.push(...report.statements);
        anyPostgres ||= report.dialect === 'postgres';
      }
      if (writer) return writer.add(report);
      // A file's lines in one write: a pipe's reader is woken once per file, not per line.
      ctx.out.stdout.cork();
      if (format === 'github') for (const a of githubAnnotations([report])) line(ctx.out, a);
      else printReport(ctx, report);
      ctx.out.stdout.uncork();
    };
    if (positionals.length === 0 && project) {
      const { map } = project;
      const pending = live ? map.order.filter((id) => !live.applied.has(id)) : undefined;
      const selection = revision !== undefined ? [resolveRevision(map, revision)] : range !== undefined ? rangeOf(map, range) : pending;
      for (const r of (await lintProject(project, selection, options, fresh(), live?.applied)).reports) take(r);
    } else {
      await loadParser();
      const byPath = project ? new Map([...project.map.byId.values()].map((r) => [resolve(process.cwd(), r.file), r.id])) : undefined;
      for (const { file, path } of namedFiles(ctx.cwd, positionals)) {
        // A file of the project is linted against the schema of the revisions before it.
        const own = byPath?.get(path);
        if (project && own !== undefined) for (const r of (await lintProject(project, [own], options, fresh(), live?.applied)).reports) take(r);
        else take(lintText(readNamedFile(path, file), file, options, fresh()));
      }
    }
    // With --url: sizes, measured lock-hold estimates and conflicting sessions now.
    const impact: LiveImpact | undefined = live && ctx.options.url !== undefined && anyPostgres ? await liveImpact(ctx.options.url, liveStatements) : undefined;
    if (writer) {
      // Corked: a pipe gets the pieces in one writev, not a write (and a wake-up of its reader) each.
      ctx.out.stdout.cork();
      for (const piece of writer.finish(impact ? { impact } : {})) ctx.out.stdout.write(piece);
      ctx.out.stdout.uncork();
    } else if (format === 'text') {
      printSummary(ctx, tally.summary());
      if (impact && impact.relations.length > 0) {
        line(ctx.out, paint(ctx.out, 'bold', 'live impact'));
        for (const l of impactLines(impact.relations)) line(ctx.out, `  ${l}`);
        line(ctx.out, paint(ctx.out, 'gray', `  throughput: ${impact.throughput.method}`));
      }
    }
    return summaryExitCode(tally.summary(), values.strict === true) === 1 ? EXIT.checkFailed : EXIT.ok;
  },
};
