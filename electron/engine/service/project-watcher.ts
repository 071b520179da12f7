// Tells the studio that its project changed on disk: strata.json, schema.sql, the revision
// files. Folders are watched, not files: an editor that saves by writing a temporary file
// and renaming it over the old one (vim, JetBrains, VS Code's atomic save) replaces the inode
// a file watch would hold. A `git pull` or a checkout writes dozens of files in a burst: the
// change is told once, after the burst settles (or after `maxWaitMs` of a burst that does
// not), so the project is read again once, not once per file.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { CONFIG_FILE, readConfig, type Project } from '../project/project.ts';

/** A folder to watch, and which names in it matter. */
export interface WatchedFolder {
  readonly dir: string;
  /** Whether a change to this entry of the folder concerns the project. */
  readonly matters: (name: string) => boolean;
}

export interface ProjectWatcherOptions {
  /** Quiet time after the last change before it is told. */
  readonly debounceMs?: number;
  /** The longest a burst of changes delays the telling. */
  readonly maxWaitMs?: number;
}

/** Editors' scratch files: vim's swap and backup files and its 4913 probe, Emacs' lock files. */
function isScratch(name: string): boolean {
  return (
    name.endsWith('~') ||
    name.startsWith('.#') ||
    name === '4913' ||
    /\.(swp|swx|swo|tmp|crswap)$/.test(name) ||
    name.startsWith('.goutputstream-')
  );
}

/** A revision file's name: `.sql` (native) or `.py` (an Alembic module). */
export function isRevisionFileName(name: string): boolean {
  const ext = extname(name);
  return !isScratch(name) && (ext === '.sql' || ext === '.py');
}

export class ProjectWatcher {
  readonly #onChange: () => void;
  readonly #debounceMs: number;
  readonly #maxWaitMs: number;
  #watchers: FSWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #firstPending: number | undefined;
  #closed = false;

  constructor(onChange: () => void, options: ProjectWatcherOptions = {}) {
    this.#onChange = onChange;
    this.#debounceMs = options.debounceMs ?? 80;
    this.#maxWaitMs = options.maxWaitMs ?? 400;
  }

  /** Whether a change was seen and not told yet: a reader about to answer from the project loads it first. */
  get pending(): boolean {
    return this.#firstPending !== undefined;
  }

  /** Watches these folders instead of the ones before (the project was read again: its folders may have moved). */
  watch(folders: readonly WatchedFolder[]): void {
    this.#unwatch();
    if (this.#closed) return;
    for (const folder of folders) {
      try {
        const watcher = watch(folder.dir, { persistent: false }, (_event, name) => {
          // No name (some platforms, an overflowed queue): anything may have changed.
          const entry = name === null ? null : basename(name.toString());
          if (entry === null || (!isScratch(entry) && folder.matters(entry))) this.#changed();
        });
        // The folder itself was removed or renamed (a checkout, `rm -r`): the project is read
        // again, which re-arms the watch on whatever is there now.
        watcher.on('error', () => this.#changed());
        this.#watchers.push(watcher);
      } catch {
        // A folder that is not there (yet): its parent's watch sees it appear.
      }
    }
  }

  /** Tells a pending change now (a reader needs the project as it is on disk). */
  flush(): void {
    if (this.#firstPending === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#firstPending = undefined;
    this.#onChange();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#firstPending = undefined;
    this.#unwatch();
  }

  #unwatch(): void {
    for (const w of this.#watchers) w.close();
    this.#watchers = [];
  }

  #changed(): void {
    if (this.#closed) return;
    const now = Date.now();
    this.#firstPending ??= now;
    clearTimeout(this.#timer);
    const wait = Math.max(0, Math.min(this.#debounceMs, this.#firstPending + this.#maxWaitMs - now));
    this.#timer = setTimeout(() => this.flush(), wait);
  }
}

/** The folders of a project and the names in each that make it another project. */
export function projectFolders(dir: string, project: Project | undefined): WatchedFolder[] {
  const root = resolve(dir);
  const locations = project?.alembic?.config.versionLocations ?? [project?.versionsDir ?? versionsOf(root)];
  const schema = project?.config.schema !== undefined ? resolve(root, project.config.schema) : undefined;
  const inRoot = new Set([CONFIG_FILE, '.env', 'alembic.ini', 'pyproject.toml']);
  // A versions folder created, removed or renamed shows as an entry of its parent.
  for (const location of locations) if (dirname(location) === root) inRoot.add(basename(location));
  const folders: WatchedFolder[] = [];
  const schemaName = schema === undefined ? undefined : basename(schema);
  if (schema !== undefined && dirname(schema) !== root)
    folders.push({ dir: dirname(schema), matters: (name) => name === schemaName });
  folders.push({ dir: root, matters: (name) => inRoot.has(name) || name === schemaName });
  for (const location of locations) folders.push({ dir: location, matters: isRevisionFileName });
  return folders;
}

/** The versions folder strata.json names, or the default where it cannot be read. */
function versionsOf(root: string): string {
  try {
    return resolve(root, readConfig(root).versions);
  } catch {
    return join(root, 'versions');
  }
}
