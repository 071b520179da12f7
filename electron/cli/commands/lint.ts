// `lint`: what each statement of the revisions (or of the files named) locks, on which
// relations, whether it rewrites or scans, whether it blocks reads or writes — and the
// findings, with their fixes. Without FILES, every revision of the project is linted, in
// graph order, each against the schema the revisions before it built. With --url the schema
// is read from that PostgreSQL database's catalog instead (its server version, TimeZone and
// function volatility too), and the default selection is the revisions it has not applied.
// FILES outside a project (another runner's migrations) are one history: each file is linted
// against the schema the files before it built, a down file after its up.
// Exit code: 1 when any finding is an error (with --strict: an error or a warning), else 0.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { databaseOfUrl, describeTarget } from '../../engine/usecases/database.ts';
import {
  durationTextMs,
  githubAnnotations,
  impactLines,
  JsonReportWriter,
  LintTally,
  historyOrder,
  lintHistory,
  lintRevisions,
  lintSelection,
  loadParser,
  lockLine,
  measureLiveImpact,
  projectLintOptions,
  readLiveCatalog,
  summaryExitCode,
  timeZoneOptions,
  withLiveCatalog,
  type FileReport,
  type LintOptions,
  type LintSummary,
  type LiveImpact,
  type LiveLint,
  type Severity,
  type StatementReport,
} from '../../engine/usecases/lint.ts';
import { openProjectIfAny, openProject, type Project } from '../../engine/usecases/project.ts';
import { withAlembicSql } from '../../engine/usecases/alembic.ts';
import { stringOption, type Command } from '../command.ts';
import { projectLocation, type CommandContext } from '../context.ts';
import { EXIT, UsageError } from '../exit-codes.ts';
import { line, paint, type Color } from '../output.ts';

function cliOptions(values: Parameters<Command['run']>[1]): LintOptions {
  const version = stringOption(values, 'pg-version');
  const pgVersion = version === undefined ? undefined : Number.parseFloat(version);
  if (pgVersion !== undefined && !(pgVersion >= 9 && pgVersion < 100))
    throw new UsageError(`--pg-version takes a PostgreSQL major version such as 15 (got '${version}')`);
  const dialect = stringOption(values, 'dialect');
  if (dialect !== undefined && dialect !== 'postgres' && dialect !== 'sqlite')
    throw new UsageError(`--dialect is sqlite or postgres, not '${dialect}'`);
  return {
    ...(pgVersion !== undefined ? { pgVersion } : {}),
    ...(dialect !== undefined ? { dialect } : {}),
    ...(stringOption(values, 'lock-timeout') !== undefined ? { lockTimeoutFromRunner: true } : {}),
    ...statementTimeout(stringOption(values, 'statement-timeout')),
    ...timeZone(stringOption(values, 'timezone')),
    ...transactional(values),
  };
}

/** `--statement-timeout T`: the runner sets it for the whole run (as `strata upgrade --statement-timeout` does). */
function statementTimeout(text: string | undefined): LintOptions {
  if (text === undefined) return {};
  const ms = durationTextMs(text);
  if (ms === undefined)
    throw new UsageError(`--statement-timeout takes a duration such as 30s or 1min (got '${text}')`);
  return ms === 0 ? {} : { statementTimeoutFromRunner: ms };
}

/** `--transactional` / `--no-transactional`: how plain files run, whatever their runner's convention. */
function transactional(values: Parameters<Command['run']>[1]): LintOptions {
  if (values.transactional === true && values['no-transactional'] === true)
    throw new UsageError('give --transactional or --no-transactional, not both');
  if (values.transactional === true) return { transactional: true };
  return values['no-transactional'] === true ? { transactional: false } : {};
}

function timeZone(zone: string | undefined): LintOptions {
  if (zone === undefined) return {};
  if (zone.trim() === '')
    throw new UsageError("--timezone takes the session TimeZone migrations run under, such as 'UTC' or 'Europe/Paris'");
  return timeZoneOptions(zone);
}

/** The live catalog and, for a project, which revisions that database has applied. */
function readLive(ctx: CommandContext, url: string, project: Project | undefined): Promise<LiveLint> {
  const db = databaseOfUrl(url, ctx.cwd);
  if (db.target.dialect !== 'postgres')
    throw new UsageError(`lint --url reads a PostgreSQL catalog; ${describeTarget(db.target)} is not PostgreSQL`);
  return readLiveCatalog(db, project);
}

/**
 * FILES as given; a folder stands for the .sql files under it, in path order (dot-folders
 * skipped). All of them are one history, in the order a runner applies them (historyOrder).
 */
function namedFiles(cwd: string, names: readonly string[]): { file: string; path: string }[] {
  const out: { file: string; path: string }[] = [];
  const walk = (file: string, path: string): void => {
    const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
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
  return historyOrder(out, (f) => f.path);
}

/** A file named on the command line; one that cannot be read is the caller's mistake, not the database's. */
function readNamedFile(path: string, named: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : error instanceof Error
            ? error.message
            : String(error);
    throw new UsageError(`cannot read ${named}: ${why}`);
  }
}

const COLORS: Readonly<Record<Severity, Color>> = { error: 'red', warning: 'yellow', info: 'cyan' };

function printReport(ctx: CommandContext, r: FileReport): void {
  for (const f of r.findings)
    line(ctx.out, `${r.file}:${f.line}  ${paint(ctx.out, COLORS[f.severity], f.severity)}  ${f.rule}  ${f.message}`);
  for (const s of r.statements) {
    const locks = lockLine(s);
    // SQLite has one database-wide write lock: its statements are listed only with findings.
    if (s.findings.length === 0 && (r.dialect === 'sqlite' || (!s.blocksReads && !s.blocksWrites))) continue;
    line(
      ctx.out,
      `${paint(ctx.out, 'bold', `${s.file}:${s.line}`)}  ${s.kind}${locks ? paint(ctx.out, 'gray', `  ${locks}`) : ''}`,
    );
    for (const f of s.findings) {
      line(ctx.out, `  ${paint(ctx.out, COLORS[f.severity], f.severity.padEnd(7))}  ${f.rule}: ${f.message}`);
      if (f.fix) line(ctx.out, paint(ctx.out, 'gray', `           fix: ${f.fix.description}`));
    }
  }
}

function printSummary(ctx: CommandContext, s: LintSummary): void {
  line(
    ctx.out,
    `${s.statements} statement${s.statements === 1 ? '' : 's'} in ${s.files} file${s.files === 1 ? '' : 's'}: ` +
      `${s.errors} error${s.errors === 1 ? '' : 's'}, ${s.warnings} warning${s.warnings === 1 ? '' : 's'}, ` +
      `${s.infos} note${s.infos === 1 ? '' : 's'}`,
  );
}

export const lintCommand: Command = {
  usage:
    'strata lint [FILES|FOLDERS…] [--revision R | --range A:B] [--url URL] [--json] [--format github] ' +
    '[--strict] [--pg-version N] [--timezone Z] [--[no-]transactional] [--lock-timeout T] ' +
    '[--statement-timeout T] [--dialect D]',
  options: [
    'revision',
    'range',
    'format',
    'strict',
    'pg-version',
    'timezone',
    'transactional',
    'no-transactional',
    'lock-timeout',
    'statement-timeout',
    'dialect',
  ],
  async run(ctx, values, positionals) {
    const format = stringOption(values, 'format') ?? (ctx.out.json ? 'json' : 'text');
    if (format !== 'text' && format !== 'json' && format !== 'github')
      throw new UsageError(`--format is text, json or github, not '${format}'`);
    const revision = stringOption(values, 'revision');
    const range = stringOption(values, 'range');
    if (revision !== undefined && range !== undefined) throw new UsageError('give --revision or --range, not both');
    if (positionals.length > 0 && (revision !== undefined || range !== undefined))
      throw new UsageError('give FILES or --revision/--range, not both');
    // FILES need no project; one found is used (its settings, and each revision's schema before it).
    const found = positionals.length === 0 ? openProject(projectLocation(ctx)) : openProjectIfAny(projectLocation(ctx));
    // An Alembic project's SQL is what its own alembic renders offline.
    const project = found?.alembic ? await withAlembicSql(found) : found;
    let options = project ? projectLintOptions(project, cliOptions(values)) : cliOptions(values);
    const live = ctx.options.url !== undefined ? await readLive(ctx, ctx.options.url, project) : undefined;
    if (live) {
      options = withLiveCatalog(options, live, stringOption(values, 'pg-version') !== undefined);
      if (format === 'text')
        line(
          ctx.out,
          paint(
            ctx.out,
            'gray',
            `live catalog: PostgreSQL ${live.catalog.serverVersion} at ${live.display}, ` +
              `TimeZone ${live.catalog.timeZone}` +
              `${project ? `, ${live.applied.size} of ${project.map.order.length} revisions applied` : ''}`,
          ),
        );
    }
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
      const selection = await lintSelection(project, { revision, range, live });
      for (const r of await lintRevisions(project, selection, options, live)) take(r);
    } else {
      await loadParser();
      const byPath = project
        ? new Map([...project.map.byId.values()].map((r) => [resolve(process.cwd(), r.file), r.id]))
        : undefined;
      // Files outside the project: one history, each against the schema the ones before it built.
      const history = lintHistory(options, live);
      // --json can amend rows it has written, so it takes each report at once and is told of
      // a finding a later file takes back; held until nothing could change them, the reports
      // of 1,000 files all lived to the end, a third of the garbage collector's work.
      const json = project === undefined ? writer : undefined;
      if (json)
        history.onTakeBack((report, finding) => {
          tally.takeBack(finding);
          json.takeBack(report, finding);
        });
      for (const { file, path } of namedFiles(ctx.cwd, positionals)) {
        // A file of the project is linted against the schema of the revisions before it.
        const own = byPath?.get(path);
        if (project && own !== undefined) for (const r of await lintRevisions(project, [own], options, live)) take(r);
        else if (json) take(history.lint(readNamedFile(path, file), file, path));
        else for (const r of history.add(readNamedFile(path, file), file, path)) take(r);
      }
      for (const r of history.finish()) take(r);
    }
    // With --url: sizes, measured lock-hold estimates and conflicting sessions now.
    const impact: LiveImpact | undefined =
      live && ctx.options.url !== undefined && anyPostgres
        ? await measureLiveImpact(ctx.options.url, liveStatements)
        : undefined;
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
        line(ctx.out, paint(ctx.out, 'gray', `  estimates: ${impact.calibration.method}`));
      }
    }
    return summaryExitCode(tally.summary(), values.strict === true) === 1 ? EXIT.checkFailed : EXIT.ok;
  },
};
