// A project on disk: strata.json plus its folder of revision files, loaded and validated
// into a RevisionMap. Writing goes through here too, so new files keep the exact layout.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { asRevisionId, type Revision, type RevisionId } from '../../../shared/model/revision.ts';
import { RevisionMap } from '../graph/revision-map.ts';
import { ProjectLoadError, ProjectNotFoundError, type ProjectProblem } from './errors.ts';
import { cacheDisabled, LoadCache, writeLoadCache, type CacheRecord } from './load-cache.ts';
import { LoadedRevision } from './loaded-revision.ts';
import { parseRevisionFile, readRevisionFields, renderRevisionFile, slugify, type ParsedRevisionFile, type RevisionFileData, type RevisionFileFields } from './revision-file.ts';
import { parseStrataConfig, renderStrataConfig, type StrataConfig } from './strata-config.ts';

export const CONFIG_FILE = 'strata.json';

export interface Project {
  readonly dir: string;
  readonly config: StrataConfig;
  readonly versionsDir: string;
  readonly map: RevisionMap;
  /** Each revision's file, as an absolute path. */
  readonly paths: ReadonlyMap<RevisionId, string>;
}

/**
 * A revision file as it is on disk now, with the layout it was written in, to write it back
 * (see renderRevisionFile). Undefined when the file is gone or no longer parses.
 */
export function parsedRevisionFile(project: Project, id: RevisionId): { path: string; file: ParsedRevisionFile } | undefined {
  const path = project.paths.get(id);
  if (path === undefined || !existsSync(path)) return undefined;
  const parsed = parseRevisionFile(readFileSync(path, 'utf8'), project.map.get(id).file);
  return parsed.ok ? { path, file: parsed.file } : undefined;
}

export interface LoadOptions {
  /** Use and refresh .strata/load-cache (default: yes, unless STRATA_LOAD_CACHE=0). */
  readonly cache?: boolean;
}

/** The nearest folder at or above `from` that holds a strata.json. */
export function findProjectDir(from: string): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, CONFIG_FILE))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new ProjectNotFoundError(resolve(from));
    dir = up;
  }
}

export function readConfig(dir: string): StrataConfig {
  const file = join(dir, CONFIG_FILE);
  if (!existsSync(file)) throw new ProjectNotFoundError(dir);
  const result = parseStrataConfig(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new ProjectLoadError(result.problems);
  return result.config;
}

export function loadProject(dir: string, options: LoadOptions = {}): Project {
  const root = resolve(dir);
  const config = readConfig(root);
  const versionsDir = resolve(root, config.versions);
  if (!existsSync(versionsDir)) {
    throw new ProjectLoadError([{ file: join(root, CONFIG_FILE), line: 1, message: `versions folder '${config.versions}' does not exist` }]);
  }
  const problems: ProjectProblem[] = [];
  const revisions: Revision[] = [];
  const paths = new Map<RevisionId, string>();
  const names = readdirSync(versionsDir).filter((n) => n.endsWith('.sql')).sort();
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
  for (const name of names) {
    // versionsDir is resolved and name a plain file name: no path.join normalising per file.
    const path = versionsDir + sep + name;
    const shown = shownDir === '' ? name : `${shownDir}/${name}`;
    let record: CacheRecord | undefined;
    if (cache) {
      // Both lists are sorted the same way: walk them together, passing entries of deleted files.
      while (cursor < cache.size && !cache.nameIs(cursor, name) && cache.name(cursor) < name) {
        cursor++;
        changed = true;
      }
      if (cursor < cache.size && cache.nameIs(cursor, name)) {
        const k = cursor++;
        if (cache.matches(k, statSync(path))) {
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
      const read = useCache ? readWithStat(path) : { text: readFileSync(path, 'utf8'), stat: undefined };
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
  if (useCache && changed) writeLoadCache(root, versionsDir, sources.map((s) => (typeof s === 'number' ? (cache as LoadCache).record(s) : s)));
  if (problems.length > 0) throw new ProjectLoadError(problems);
  const built = RevisionMap.build(revisions);
  if (!built.ok) throw new ProjectLoadError(built.problems);
  return { dir: root, config, versionsDir, map: built.map, paths };
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
    lines: { revision: lines.revision ?? 1, parents: lines.parents ?? lines.revision ?? 1, dependsOn: lines['depends-on'] ?? 1, branchLabels: lines['branch-labels'] ?? 1 },
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

/** The text and the stat taken before reading it, so a change during the read is seen next time. */
function readWithStat(path: string): { text: string; stat: Stats } {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    return { text: readFileSync(fd, 'utf8'), stat };
  } finally {
    closeSync(fd);
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
  const id = spec.id ?? newRevisionId((candidate) => project.map.has(candidate) || [...project.map.byId.keys()].some((k) => k.startsWith(candidate.slice(0, 4))));
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
  const path = join(project.versionsDir, `${id}_${slugify(data.message)}.sql`);
  if (existsSync(path)) throw new Error(`${path} already exists`);
  writeFileSync(path, renderRevisionFile(data), { flag: 'wx' });
  return { id, path };
}

export function initProject(dir: string, config: StrataConfig): string[] {
  const root = resolve(dir);
  const configPath = join(root, CONFIG_FILE);
  if (existsSync(configPath)) throw new Error(`${configPath} already exists`);
  mkdirSync(join(root, config.versions), { recursive: true });
  writeFileSync(configPath, renderStrataConfig(config), { flag: 'wx' });
  const written = [configPath, join(root, config.versions) + '/'];
  if (config.defaultConnection) {
    const ignore = join(root, '.gitignore');
    if (!existsSync(ignore)) {
      writeFileSync(ignore, `${config.defaultConnection.sqlite}\n${config.defaultConnection.sqlite}-*\n`);
      written.push(ignore);
    }
  }
  return written;
}
