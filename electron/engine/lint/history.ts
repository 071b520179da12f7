// A folder of migration files outside a Strata project is one history: the files are linted
// in path order against one schema model carried from file to file, as the revisions of a
// project are, so `ALTER COLUMN TYPE varchar(20)` knows the column an earlier file created.
// A down (undo, revert) file runs after its up, against the schema its up left, and changes
// nothing for the files after it; a sqitch verify file is read-only.
import { readFileSync } from 'node:fs';
import { lintText } from './lint-file.ts';
import type { LintOptions } from './linter.ts';
import { runnerConvention, type ReadSibling } from './runners.ts';
import { SchemaModel } from './schema/model.ts';
import type { FileReport } from './types.ts';

export type MigrationRole = 'up' | 'down';

interface Convention {
  readonly down: RegExp;
  /** The path of the up file this down file undoes. */
  readonly upOf: (path: string) => string;
}

/** The runners' names for an undo file: golang-migrate, diesel, Flyway, sqitch (revert and verify). */
const DOWN_CONVENTIONS: readonly Convention[] = [
  { down: /\.down\.sql$/i, upOf: (p) => p.replace(/\.down\.sql$/i, '.up.sql') },
  { down: /(^|[\\/])down\.sql$/i, upOf: (p) => p.replace(/down\.sql$/i, 'up.sql') },
  { down: /(^|[\\/])U(\d[^\\/]*__[^\\/]*\.sql)$/, upOf: (p) => p.replace(/U(\d[^\\/]*__[^\\/]*\.sql)$/, 'V$1') },
  {
    down: /(^|[\\/])(revert|verify)[\\/][^\\/]+\.sql$/,
    upOf: (p) => p.replace(/(revert|verify)([\\/][^\\/]+\.sql)$/, 'deploy$2'),
  },
];

export function migrationRole(path: string): MigrationRole {
  return DOWN_CONVENTIONS.some((c) => c.down.test(path)) ? 'down' : 'up';
}

function upOf(path: string): string | undefined {
  return DOWN_CONVENTIONS.find((c) => c.down.test(path))?.upOf(path);
}

/**
 * Files in the order a runner applies them: path order, each down file moved to just after
 * the up file it undoes (`0002_x.down.sql` sorts before `0002_x.up.sql`, but runs after it).
 */
export function historyOrder<T>(files: readonly T[], pathOf: (file: T) => string): T[] {
  const ups: T[] = [];
  const downsAfter = new Map<string, T[]>();
  const orphans: T[] = [];
  const present = new Set(files.map(pathOf));
  for (const f of files) {
    const up = upOf(pathOf(f));
    if (up === undefined) ups.push(f);
    else if (present.has(up)) downsAfter.set(up, [...(downsAfter.get(up) ?? []), f]);
    else orphans.push(f);
  }
  return [...ups.flatMap((f) => [f, ...(downsAfter.get(pathOf(f)) ?? [])]), ...orphans];
}

/** Lints files one after another, each against the schema the up files before it built. */
export class LintHistory {
  private readonly model: SchemaModel;

  constructor(
    private readonly options: LintOptions,
    start: SchemaModel = new SchemaModel(),
    private readonly read: ReadSibling = readIfThere,
  ) {
    this.model = start;
  }

  /** `path`: where the file is, to find its runner's settings beside it (diesel's metadata.toml…). */
  lint(text: string, file: string, path = file): FileReport {
    const convention = runnerConvention(path, this.read);
    if (migrationRole(path) === 'down') {
      // Recorded and taken back: cheaper than a copy of the whole schema for every down file.
      this.model.beginStep();
      try {
        return lintText(text, file, this.options, this.model, convention);
      } finally {
        this.model.undo([this.model.endStep()]);
      }
    }
    const report = lintText(text, file, this.options, this.model, convention);
    // What this file created exists for the next one.
    this.model.settle();
    return report;
  }
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
