// An Alembic project loaded into the same Project every command and the studio use: the
// revision modules read statically (never imported, never run), their graph built with
// Alembic's label propagation. A module that cannot be read is a problem naming its file and
// line, and the rest still loads: what depends on it is left out with it, and said so.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { Revision, RevisionId } from '../../../shared/model/revision.ts';
import { RevisionMap } from '../graph/revision-map.ts';
import { ProjectLoadError, type ProjectProblem } from '../project/errors.ts';
import type { Project } from '../project/project.ts';
import { readProjectText } from '../project/read-text.ts';
import { readAlembicConfig } from './config.ts';
import {
  docCreateDate,
  docMessage,
  readRevisionModule,
  type PyLiteral,
  type RevisionField,
} from './revision-module.ts';
import { readAlembicSettings, SETTINGS_FILE, type AlembicSettings, type DeclaredValue } from './settings.ts';
import { alembicDialect, readEnvVersionTable, strataUrlOf } from './environment.ts';
import { readSqlCache, SqlKey, type RevisionSql } from './offline-sql.ts';

export const DEFAULT_VERSION_TABLE = 'alembic_version';

/** Alembic's `_revision_illegal_chars`, and whitespace, which no target could name. */
const ILLEGAL = /[@+\s-]/;

/** The revision module's file name as Alembic lists it: `*.py`, not `__init__*`, not an editor's `.#` lock. */
const REVISION_FILE = /^(?!\.#|__init__).*\.py$/;

class AlembicRevision implements Revision {
  readonly transactional = true;
  readonly upgradeLine = 1;
  readonly downgradeLine = 1;
  #checksum: string | undefined;

  constructor(
    readonly id: RevisionId,
    readonly parents: readonly RevisionId[],
    readonly dependsOn: readonly RevisionId[],
    readonly branchLabels: readonly string[],
    readonly message: string,
    readonly created: string | undefined,
    readonly file: string,
    readonly lines: Revision['lines'],
    private readonly text: string,
    /** Rendered by alembic itself, offline; empty until it has been (offline-sql.ts). */
    readonly upgradeSql: string,
    /** Undefined where alembic rendered the upgrade but could not render the downgrade. */
    readonly downgradeSql: string | undefined,
  ) {}

  with(dependsOn: readonly RevisionId[], sql: RevisionSql | undefined): AlembicRevision {
    return new AlembicRevision(
      this.id,
      this.parents,
      dependsOn,
      this.branchLabels,
      this.message,
      this.created,
      this.file,
      this.lines,
      this.text,
      sql?.upgrade ?? '',
      sql ? sql.downgrade : '',
    );
  }

  /** The module's text: what an edit after apply changes. */
  get checksum(): string {
    return (this.#checksum ??= createHash('sha256').update(this.text).digest('hex'));
  }
}

interface ReadRevision {
  readonly revision: AlembicRevision;
  /** depends_on as written: revision ids or branch labels, resolved once every file is read. */
  readonly dependsOnNames: readonly string[];
  readonly path: string;
  readonly text: string;
}

function textOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function loadAlembicProject(dir: string): Project {
  const config = readAlembicConfig(dir);
  const settings = readAlembicSettings(config.dir);
  const problems: ProjectProblem[] = [];
  const near = (path: string): string => {
    const r = relative(process.cwd(), path);
    return r.startsWith('..') ? path : r.split(sep).join('/');
  };
  const read: ReadRevision[] = [];
  const seen = new Set<string>();
  // Every text the offline SQL depends on: the configuration, env.py, then each module.
  const key = new SqlKey();
  for (const file of [
    config.configFile,
    config.iniFile,
    join(config.dir, SETTINGS_FILE),
    join(config.scriptLocation, 'env.py'),
  ])
    key.add(file ? textOrEmpty(file) : '');
  for (const location of config.versionLocations) {
    for (const path of listModules(location, config.recursive, problems, near)) {
      const real = safeRealpath(path);
      // Alembic ignores a file listed twice through overlapping locations ("loaded twice").
      if (seen.has(real)) continue;
      seen.add(real);
      const one = readOne(path, near(path), relative(config.dir, path).split(sep).join('/'), settings, problems);
      if (one) {
        read.push(one);
        key.add(path).add(one.text);
      }
    }
  }
  const sqlKey = key.digest();
  const cached = readSqlCache(config.dir, sqlKey);
  const revisions = resolveDependencies(read, cached);
  const kept = problems.length > 0 ? dropBroken(revisions, problems) : revisions;
  const built = RevisionMap.build(kept, { labels: 'alembic' });
  if (!built.ok) throw new ProjectLoadError([...problems, ...built.problems]);
  const paths = new Map<RevisionId, string>();
  for (const r of read) if (built.map.has(r.revision.id)) paths.set(r.revision.id, r.path);
  const env = readEnvVersionTable(config.scriptLocation, near);
  if (env.problem && settings.versionTable === undefined) problems.push(env.problem);
  const versionTable = settings.versionTable ?? env.table ?? DEFAULT_VERSION_TABLE;
  const dialect = alembicDialect(settings, config.sqlalchemyUrl());
  // A SQLite sqlalchemy.url is the studio's built-in connection, as strata.json's embedded default is.
  const ownUrl = dialect === 'sqlite' ? strataUrlOf(config.sqlalchemyUrl()) : undefined;
  const versionsDir = config.versionLocations[0] as string;
  return {
    dir: config.dir,
    config: {
      dialect,
      versions: relative(config.dir, versionsDir) || '.',
      versionTable,
      databaseUrlEnv: settings.databaseUrlEnv,
      ...(ownUrl !== undefined && !/^postgres/i.test(ownUrl) ? { defaultConnection: { sqlite: ownUrl } } : {}),
    },
    versionsDir,
    map: built.map,
    paths,
    alembic: { config, settings, versionTable, versionTableSchema: env.schema, sqlKey, hasSql: cached !== undefined },
    warnings: problems,
  };
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** The revision modules of one version location (its subfolders too when recursive), sorted. */
function listModules(
  location: string,
  recursive: boolean,
  problems: ProjectProblem[],
  near: (p: string) => string,
): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(location, { withFileTypes: true });
  } catch (error) {
    // Alembic reads only the version_locations that exist; a missing default folder is an error there too.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      problems.push({
        file: near(location),
        line: 0,
        message: `cannot be listed (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      });
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(location, e.name);
    if (e.isDirectory()) {
      if (recursive && e.name !== '__pycache__') out.push(...listModules(path, true, problems, near));
    } else if (REVISION_FILE.test(e.name)) out.push(path);
  }
  return out;
}

function readOne(
  path: string,
  shown: string,
  key: string,
  settings: AlembicSettings,
  problems: ProjectProblem[],
): ReadRevision | undefined {
  const text = readProjectText(path, shown);
  if (!text.ok) {
    problems.push(text.problem);
    return undefined;
  }
  const parsed = readRevisionModule(text.text);
  if (!parsed.ok) {
    problems.push({ file: shown, line: parsed.line, message: parsed.message });
    return undefined;
  }
  const { assignments, docstring } = parsed.module;
  const declared = settings.declare[key] ?? {};
  let broken = false;
  const value = (field: RevisionField): { literal: PyLiteral | undefined; line: number } => {
    const a = assignments.get(field);
    const own = declared[field];
    if (own !== undefined) return { literal: fromDeclared(own), line: a?.line ?? 1 };
    if (a?.value.kind === 'computed') {
      const leftOut = field === 'revision' || field === 'down_revision';
      broken ||= leftOut;
      problems.push({
        file: shown,
        line: a.line,
        message:
          `${field} is computed (${a.value.text}), which strata does not run; ` +
          `declare its value in ${SETTINGS_FILE}: {"declare": {"${key}": {"${field}": ` +
          `…}}}${leftOut ? ' (the revision is left out until then)' : ' (read as none until then)'}`,
      });
      return { literal: undefined, line: a.line };
    }
    return { literal: a?.value, line: a?.line ?? 1 };
  };
  const revision = value('revision');
  const down = value('down_revision');
  const labels = value('branch_labels');
  const depends = value('depends_on');
  if (broken) return undefined;
  let id: string;
  if (revision.literal?.kind === 'str') id = revision.literal.value;
  else if (revision.literal === undefined) {
    // Alembic's fallback for modules of its 0.1 days: the id from a hex file name.
    const legacy = /([a-f0-9]+)\.py$/.exec(key);
    if (!legacy) {
      problems.push({
        file: shown,
        line: 1,
        message: 'no module-level \'revision = "…"\': not a revision module Alembic can load',
      });
      return undefined;
    }
    id = legacy[1] as string;
  } else {
    problems.push({
      file: shown,
      line: revision.line,
      message: `revision must be a string, not ${describe(revision.literal)}`,
    });
    return undefined;
  }
  const bad = ILLEGAL.exec(id);
  if (bad || id === '') {
    problems.push({
      file: shown,
      line: revision.line,
      message:
        id === ''
          ? 'revision is an empty string'
          : /\s/.test(bad?.[0] ?? '')
            ? `revision identifier '${id}' holds whitespace, which no target can name`
            : `Character(s) '${bad?.[0]}' not allowed in revision identifier '${id}'`,
    });
    return undefined;
  }
  const parents = toTuple(down.literal);
  const dependsOnNames = toTuple(depends.literal);
  const rev = new AlembicRevision(
    id as RevisionId,
    parents as RevisionId[],
    [],
    toTuple(labels.literal),
    docMessage(docstring),
    docCreateDate(docstring),
    shown,
    { revision: revision.line, parents: down.line, dependsOn: depends.line, branchLabels: labels.line },
    text.text,
    '',
    '',
  );
  return { revision: rev, dependsOnNames, path, text: text.text };
}

function fromDeclared(value: DeclaredValue): PyLiteral {
  if (value === null) return { kind: 'none' };
  return typeof value === 'string' ? { kind: 'str', value } : { kind: 'seq', values: value };
}

/** Alembic's util.to_tuple: None → (), a string → (it,), a sequence → itself (an empty one: a base). */
function toTuple(literal: PyLiteral | undefined): string[] {
  if (literal === undefined || literal.kind === 'none' || literal.kind === 'computed') return [];
  return literal.kind === 'str' ? [literal.value] : [...new Set(literal.values)];
}

function describe(literal: PyLiteral): string {
  return literal.kind === 'none' ? 'None' : literal.kind === 'seq' ? 'a sequence' : literal.kind;
}

/** depends_on names a revision or a branch label (the revision that declares it), as Alembic's map does. */
function resolveDependencies(
  read: readonly ReadRevision[],
  sql: ReadonlyMap<string, RevisionSql> | undefined,
): AlembicRevision[] {
  const byLabel = new Map<string, string>();
  for (const r of read) for (const l of r.revision.branchLabels) if (!byLabel.has(l)) byLabel.set(l, r.revision.id);
  const ids = new Set(read.map((r) => r.revision.id as string));
  return read.map(({ revision: r, dependsOnNames }) => {
    const own = sql?.get(r.id);
    if (dependsOnNames.length === 0 && !own) return r;
    const deps = [...new Set(dependsOnNames.map((d) => (ids.has(d) ? d : (byLabel.get(d) ?? d))))] as RevisionId[];
    return r.with(deps, own);
  });
}

/**
 * With modules left out, what names them cannot load either: each revision whose parents or
 * dependencies are not there (after those left out before it) is left out too, with a
 * problem saying which, so that the rest of the graph still loads.
 */
function dropBroken(revisions: readonly AlembicRevision[], problems: ProjectProblem[]): AlembicRevision[] {
  let kept = [...revisions];
  for (;;) {
    const ids = new Set(kept.map((r) => r.id as string));
    const next = kept.filter((r) => {
      const missing = [...r.parents, ...r.dependsOn].filter((p) => !ids.has(p));
      if (missing.length > 0)
        problems.push({
          file: r.file,
          line: r.lines.parents,
          message: `revision ${r.id} is left out: it needs ${missing.join(', ')}, which could not be loaded`,
        });
      return missing.length === 0;
    });
    if (next.length === kept.length) return next;
    kept = next;
  }
}
