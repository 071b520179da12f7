// A project on disk: strata.json plus its folder of revision files, loaded and validated
// into a RevisionMap. Writing goes through here too, so new files keep the exact layout.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { asRevisionId, type Revision, type RevisionId } from '../../../shared/model/revision.ts';
import { RevisionMap } from '../graph/revision-map.ts';
import { ProjectLoadError, ProjectNotFoundError, type ProjectProblem } from './errors.ts';
import { parseRevisionFile, renderRevisionFile, revisionChecksum, slugify, type ParsedRevisionFile, type RevisionFileData } from './revision-file.ts';
import { parseStrataConfig, renderStrataConfig, type StrataConfig } from './strata-config.ts';

export const CONFIG_FILE = 'strata.json';

export interface Project {
  readonly dir: string;
  readonly config: StrataConfig;
  readonly versionsDir: string;
  readonly map: RevisionMap;
  readonly files: ReadonlyMap<RevisionId, ParsedRevisionFile>;
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

export function loadProject(dir: string): Project {
  const root = resolve(dir);
  const config = readConfig(root);
  const versionsDir = resolve(root, config.versions);
  if (!existsSync(versionsDir)) {
    throw new ProjectLoadError([{ file: join(root, CONFIG_FILE), line: 1, message: `versions folder '${config.versions}' does not exist` }]);
  }
  const problems: ProjectProblem[] = [];
  const revisions: Revision[] = [];
  const files = new Map<RevisionId, ParsedRevisionFile>();
  const names = readdirSync(versionsDir).filter((n) => n.endsWith('.sql')).sort();
  // Paths are shown relative to the working folder when inside it; computed once, not per file.
  const near = relative(process.cwd(), versionsDir);
  const shownDir = near.startsWith('..') ? versionsDir : near;
  for (const name of names) {
    const path = join(versionsDir, name);
    const shown = shownDir === '' ? name : `${shownDir}/${name}`;
    const parsed = parseRevisionFile(readFileSync(path, 'utf8'), shown);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const { data, lines } = parsed.file;
    files.set(data.id, parsed.file);
    let checksum: string | undefined;
    revisions.push({
      // Field by field, not `...data`: V8 gives every object made by that spread its own
      // hidden class, and the graph code reading r.parents, r.id… then goes megamorphic.
      id: data.id,
      parents: data.parents,
      dependsOn: data.dependsOn,
      branchLabels: data.branchLabels,
      message: data.message,
      created: data.created,
      transactional: data.transactional,
      upgradeSql: data.upgradeSql,
      downgradeSql: data.downgradeSql,
      upgradeLine: lines.upgrade,
      downgradeLine: lines.downgrade,
      file: shown,
      lines: { revision: lines.revision ?? 1, parents: lines.parents ?? lines.revision ?? 1, dependsOn: lines['depends-on'] ?? 1, branchLabels: lines['branch-labels'] ?? 1 },
      // Hashed when first asked for (a run, check, the inspector): loading 10,000 revisions
      // to draw or plan them need not hash every file.
      get checksum(): string {
        return (checksum ??= revisionChecksum(data));
      },
    });
  }
  if (problems.length > 0) throw new ProjectLoadError(problems);
  const built = RevisionMap.build(revisions);
  if (!built.ok) throw new ProjectLoadError(built.problems);
  return { dir: root, config, versionsDir, map: built.map, files };
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
