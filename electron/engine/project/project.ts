// A project on disk: strata.json plus its folder of revision files, loaded and validated
// into a RevisionMap. Writing goes through here too, so new files keep the exact layout.
import { existsSync, lstatSync, mkdirSync, readdirSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { asRevisionId, type Revision, type RevisionId } from '../../../shared/model/revision.ts';
import { RevisionMap } from '../graph/revision-map.ts';
import type { AlembicConfig } from '../alembic/config.ts';
import type { AlembicSettings } from '../alembic/settings.ts';
import { ProjectLoadError, ProjectNotFoundError, ProjectWriteError, type ProjectProblem } from './errors.ts';
import { cacheDisabled, LoadCache, writeLoadCache, type CacheRecord } from './load-cache.ts';
import { LoadedRevision } from './loaded-revision.ts';
import {
  parseRevisionFile,
  readRevisionFields,
  renderRevisionFile,
  slugify,
  type ParsedRevisionFile,
  type RevisionFileData,
  type RevisionFileFields,
} from './revision-file.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { errorText, notARegularFile, readListedText, readProjectText } from './read-text.ts';
import { parseStrataConfig, renderStrataConfig, type StrataConfig } from './strata-config.ts';

export const CONFIG_FILE = 'strata.json';

export interface Project {
  readonly dir: string;
  readonly config: StrataConfig;
  readonly versionsDir: string;
  readonly map: RevisionMap;
  /** Each revision's file, as an absolute path. */
  readonly paths: ReadonlyMap<RevisionId, string>;
  /** Set for an Alembic project: its modules are read statically; SQL and runs go through alembic. */
  readonly alembic?: AlembicProject | undefined;
  /** Problems of files left out while the rest loaded (an Alembic project's unreadable modules). */
  readonly warnings?: readonly ProjectProblem[] | undefined;
}

export interface AlembicProject {
  readonly config: AlembicConfig;
  readonly settings: AlembicSettings;
  readonly versionTable: string;
  readonly versionTableSchema: string | undefined;
  /** The key of the texts its offline SQL depends on (.strata/alembic-sql.json). */
  readonly sqlKey: string;
  /** Whether the revisions carry alembic's offline SQL (rendered before, for these very files). */
  readonly hasSql: boolean;
}

/**
 * A revision file as it is on disk now, with the layout it was written in, to write it back
 * (see renderRevisionFile). Undefined when the file is gone or no longer parses.
 */
export function parsedRevisionFile(
  project: Project,
  id: RevisionId,
): { path: string; file: ParsedRevisionFile } | undefined {
  const path = project.paths.get(id);
  if (path === undefined) return undefined;
  const read = readProjectText(path, project.map.get(id).file);
  if (!read.ok) return undefined;
  const parsed = parseRevisionFile(read.text, project.map.get(id).file);
  return parsed.ok ? { path, file: parsed.file } : undefined;
}

export interface LoadOptions {
  /** Use and refresh .strata/load-cache (default: yes, unless STRATA_LOAD_CACHE=0). */
  readonly cache?: boolean;
  /**
   * The studio's load: files that do not parse are left out (and named in `warnings`) with
   * the revisions above them, so the rest of the graph can still be looked at. Never for a
   * run: a plan over a partial graph would skip what the broken file holds.
   */
  readonly partial?: boolean;
}

/** The nearest folder at or above `from` that holds a strata.json (or passes `alsoProject`: an Alembic one). */
export function findProjectDir(from: string, alsoProject: (dir: string) => boolean = () => false): string {
  let dir = resolve(from);
  for (;;) {
    if (present(join(dir, CONFIG_FILE)) || alsoProject(dir)) return dir;
    const up = dirname(dir);
    if (up === dir) throw new ProjectNotFoundError(resolve(from));
    dir = up;
  }
}

/** Anything at the path, a broken symlink included: it is reported, not passed over. */
function present(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export function readConfig(dir: string): StrataConfig {
  const file = join(dir, CONFIG_FILE);
  if (!present(file)) throw new ProjectNotFoundError(dir);
  const read = readProjectText(file, file);
  if (!read.ok) throw new ProjectLoadError([read.problem]);
  const result = parseStrataConfig(read.text, file);
  if (!result.ok) throw new ProjectLoadError(result.problems);
  return result.config;
}

/** The .sql entries of the versions folder, by name; a folder that cannot be listed is a project problem naming it. */
function listVersions(root: string, versionsDir: string, setting: string): Dirent[] {
  try {
    return readdirSync(versionsDir, { withFileTypes: true })
      .filter((e) => e.name.endsWith('.sql'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const configFile = join(root, CONFIG_FILE);
    if (code === 'ENOENT')
      throw new ProjectLoadError([
        { file: configFile, line: 1, message: `versions folder '${setting}' does not exist` },
      ]);
    const why =
      code === 'ENOTDIR'
        ? 'is a file, not a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be listed: permission denied'
          : code === 'ELOOP'
            ? 'is a symbolic link that loops'
            : `cannot be listed (${code ?? String(error)})`;
    throw new ProjectLoadError([
      { file: versionsDir, line: 0, message: `${why} (the versions folder named in ${configFile})` },
    ]);
  }
}

export function loadProject(dir: string, options: LoadOptions = {}): Project {
  const root = resolve(dir);
  const config = readConfig(root);
  const versionsDir = resolve(root, config.versions);
  const entries = listVersions(root, versionsDir, config.versions);
  const problems: ProjectProblem[] = [];
  const revisions: Revision[] = [];
  const paths = new Map<RevisionId, string>();
  // Paths are shown relative to the working folder when inside it; computed once, not per file.
  const near = relative(process.cwd(), versionsDir);
  const shownDir = near.startsWith('..') ? versionsDir : near;
  const useCache = options.cache ?? !cacheDisabled();
  const cache = useCache ? LoadCache.read(root, versionsDir) : undefined;
  // What the next cache is made of, should anything have changed: an entry of this one, or a
  // record of a file read now.
  const sources: (number | CacheRecord)[] = [];
  let changed = cache === undefined;
  let cursor = 0;
  for (const entry of entries) {
    const { name } = entry;
    // versionsDir is resolved and name a plain file name: no path.join normalising per file.
    const path = versionsDir + sep + name;
    const shown = shownDir === '' ? name : `${shownDir}/${name}`;
    if (!entry.isFile()) {
      const why = notARegularFile(path, entry);
      if (why !== undefined) {
        problems.push({ file: shown, line: 0, message: why });
        continue;
      }
    }
    let record: CacheRecord | undefined;
    if (cache) {
      // Both lists are sorted the same way: walk them together, passing entries of deleted files.
      while (cursor < cache.size && !cache.nameIs(cursor, name) && cache.name(cursor) < name) {
        cursor++;
        changed = true;
      }
      if (cursor < cache.size && cache.nameIs(cursor, name)) {
        const k = cursor++;
        const st = statOrUndefined(path);
        if (st?.isFile() && cache.matches(k, st)) {
          const revision = cache.revision(k, shown);
          sources.push(k);
          paths.set(revision.id, path);
          revisions.push(revision);
          continue;
        }
      }
    }
    if (!record) {
      changed = true;
      // A folder, a pipe, a broken link, bytes that are not UTF-8: a problem naming the file.
      const read = useCache || !entry.isFile() ? readProjectText(path, shown) : readListedText(path, shown);
      if (!read.ok) {
        problems.push(read.problem);
        continue;
      }
      const parsed = readRevisionFields(read.text, shown);
      if (!parsed.ok) {
        problems.push(...parsed.problems);
        continue;
      }
      record = recordOf(name, read.text, parsed.file, read.stat);
      if (useCache) sources.push(record);
    }
    paths.set(record.id, path);
    revisions.push(revisionOf(record, shown));
  }
  if (cache && cursor < cache.size) changed = true;
  if (useCache && changed)
    writeLoadCache(
      root,
      versionsDir,
      sources.map((s) => (typeof s === 'number' ? (cache as LoadCache).record(s) : s)),
    );
  if (problems.length > 0 && options.partial !== true) throw new ProjectLoadError(problems);
  const kept = problems.length > 0 ? withoutOrphans(revisions, problems, shownDir) : revisions;
  const built = RevisionMap.build(kept);
  if (!built.ok) throw new ProjectLoadError([...problems, ...built.problems]);
  return {
    dir: root,
    config,
    versionsDir,
    map: built.map,
    paths,
    ...(problems.length > 0 ? { warnings: problems } : {}),
  };
}

/**
 * The revisions whose every parent and dependency is among them (the ones above a file that
 * does not load would name a revision the graph does not have); those left out are counted
 * in one more problem.
 */
function withoutOrphans(revisions: readonly Revision[], problems: ProjectProblem[], shownDir: string): Revision[] {
  let kept = [...revisions];
  for (;;) {
    const ids = new Set(kept.map((r) => r.id));
    const next = kept.filter((r) => r.parents.every((p) => ids.has(p)) && r.dependsOn.every((d) => ids.has(d)));
    if (next.length === kept.length) break;
    kept = next;
  }
  const left = revisions.length - kept.length;
  const what = `${left} revision${left === 1 ? '' : 's'} above the broken file${problems.length === 1 ? '' : 's'}`;
  if (left > 0)
    problems.push({ file: shownDir || '.', line: 0, message: `${what} ${left === 1 ? 'is' : 'are'} not shown` });
  return kept;
}

const NO_STAT = { size: -1, ino: -1, mtimeMs: -1, ctimeMs: -1 };

function recordOf(name: string, text: string, fields: RevisionFileFields, stat: Stats | undefined): CacheRecord {
  const { data, lines, bodies } = fields;
  return {
    name,
    stat: stat ?? NO_STAT,
    text,
    id: data.id,
    parents: data.parents,
    dependsOn: data.dependsOn,
    branchLabels: data.branchLabels,
    message: data.message,
    created: data.created,
    transactional: data.transactional,
    upgradeStart: bodies.upgradeStart,
    upgradeEnd: bodies.upgradeEnd,
    downgradeStart: bodies.downgradeStart,
    upgradeLine: lines.upgrade,
    downgradeLine: lines.downgrade,
    lines: {
      revision: lines.revision ?? 1,
      parents: lines.parents ?? lines.revision ?? 1,
      dependsOn: lines['depends-on'] ?? 1,
      branchLabels: lines['branch-labels'] ?? 1,
    },
  };
}

function revisionOf(r: CacheRecord, file: string): Revision {
  return new LoadedRevision(
    r.id,
    r.parents,
    r.dependsOn,
    r.branchLabels,
    r.message,
    r.created,
    r.transactional,
    r.text.slice(r.upgradeStart, r.upgradeEnd),
    r.downgradeStart < 0 ? undefined : r.text.slice(r.downgradeStart),
    r.upgradeLine,
    r.downgradeLine,
    file,
    r.lines,
  );
}

/** A broken or looping link fails here: the read that follows reports it. */
function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

export function newRevisionId(taken: (id: string) => boolean): RevisionId {
  for (;;) {
    const id = randomBytes(6).toString('hex');
    if (!taken(id)) return asRevisionId(id);
  }
}

export interface NewRevision {
  readonly message: string;
  readonly parents: readonly RevisionId[];
  readonly dependsOn?: readonly RevisionId[];
  readonly branchLabels?: readonly string[];
  readonly transactional?: boolean;
  readonly upgradeSql?: string;
  readonly downgradeSql?: string;
  readonly id?: RevisionId;
  readonly now?: Date;
}

/** Writes a new revision file; the caller has validated the graph change. Returns its path. */
export function writeNewRevision(project: Project, spec: NewRevision): { id: RevisionId; path: string } {
  const id =
    spec.id ??
    newRevisionId(
      (candidate) =>
        project.map.has(candidate) || [...project.map.byId.keys()].some((k) => k.startsWith(candidate.slice(0, 4))),
    );
  const data: RevisionFileData = {
    id,
    parents: spec.parents,
    dependsOn: spec.dependsOn ?? [],
    branchLabels: spec.branchLabels ?? [],
    message: spec.message.replace(/\s+/g, ' ').trim(),
    created: (spec.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    transactional: spec.transactional ?? true,
    upgradeSql: spec.upgradeSql ?? '',
    downgradeSql: spec.downgradeSql ?? '',
  };
  return { id, path: writeRevisionFile(project.versionsDir, data) };
}

/** Writes `<id>_<slug>.sql` into a versions folder; refuses (naming the path) when it exists. */
export function writeRevisionFile(versionsDir: string, data: RevisionFileData): string {
  const path = join(versionsDir, `${data.id}_${slugify(data.message)}.sql`);
  writeNew(path, renderRevisionFile(data));
  return path;
}

/** Writes a file that must not exist yet; a failure names the path (exit 4), never a driver-looking error. */
function writeNew(path: string, text: string): void {
  try {
    writeFileAtomic(path, text, { exclusive: true });
  } catch (error) {
    throw new ProjectWriteError(path, errorText(error));
  }
}

export function initProject(dir: string, config: StrataConfig): string[] {
  const root = resolve(dir);
  const configPath = join(root, CONFIG_FILE);
  if (present(configPath)) throw new ProjectWriteError(configPath, 'it already exists');
  const versions = join(root, config.versions);
  try {
    mkdirSync(versions, { recursive: true });
  } catch (error) {
    throw new ProjectWriteError(versions, errorText(error));
  }
  writeNew(configPath, renderStrataConfig(config));
  const written = [configPath, versions + '/'];
  if (config.defaultConnection) {
    const ignore = join(root, '.gitignore');
    if (!existsSync(ignore)) {
      writeNew(ignore, `${config.defaultConnection.sqlite}\n${config.defaultConnection.sqlite}-*\n`);
      written.push(ignore);
    }
  }
  return written;
}
