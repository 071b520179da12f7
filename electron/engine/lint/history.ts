// A folder of migration files outside a Strata project is one history: the files are linted
// in path order against one schema model carried from file to file, as the revisions of a
// project are, so `ALTER COLUMN TYPE varchar(20)` knows the column an earlier file created.
// A down (undo, revert) file runs after its up, against the schema its up left, and changes
// nothing for the files after it; a sqitch verify file is read-only.
// A check decided at the end (a foreign key's index) is decided at the end of the history: a
// key added in one file and indexed in a later one is no finding. So a report may lose such a
// finding until the last file; add() hands reports out only once nothing can change them.
// A caller that can amend what it has already taken (the --json writer) takes each report
// from lint() at once and hears of every finding taken back later (onTakeBack): then only
// the reports with an open check stay in memory, not every report after the first of them.
import { readFileSync } from 'node:fs';
import type { Finding } from './types.ts';
import { lintText } from './lint-file.ts';
import { takeBack, type EndCheck, type LintOptions } from './linter.ts';
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

interface OpenCheck extends EndCheck {
  readonly report: FileReport;
}

/** Lints files one after another, each against the schema the up files before it built. */
export class LintHistory {
  private readonly model: SchemaModel;
  /** End checks no file has resolved yet, with the report each finding is in. */
  private open: OpenCheck[] = [];
  /** Reports add() has not handed out yet, in history order: the first has an open check. */
  private readonly held: FileReport[] = [];
  private tookBack: ((report: FileReport, finding: Finding) => void) | undefined;

  constructor(
    private readonly options: LintOptions,
    start: SchemaModel = new SchemaModel(),
    private readonly read: ReadSibling = readIfThere,
  ) {
    this.model = start;
  }

  /**
   * Lints the next file. `path`: where the file is, to find its runner's settings beside it
   * (diesel's metadata.toml…). A finding decided at the end may still be taken out of the
   * report returned (or of an earlier one) by a later file; add() waits for that.
   */
  lint(text: string, file: string, path = file): FileReport {
    const convention = runnerConvention(path, this.read);
    if (migrationRole(path) === 'down') {
      // Recorded and taken back: cheaper than a copy of the whole schema for every down file.
      // What a down file leaves open is decided there: the files after it never see its changes.
      this.model.beginStep();
      try {
        return lintText(text, file, this.options, this.model, convention);
      } finally {
        this.model.undo([this.model.endStep()]);
      }
    }
    const carried: EndCheck[] = [];
    const report = lintText(text, file, this.options, this.model, convention, (c) => carried.push(c));
    // What this file created exists for the next one, and may settle what earlier files left open.
    this.model.settle();
    this.open = this.open.filter((check) => {
      if (!check.resolved(this.model)) return true;
      if (takeBack(check)) this.tookBack?.(check.report, check.finding);
      return false;
    });
    for (const check of carried) this.open.push({ ...check, report });
    return report;
  }

  /**
   * `listener` hears of every finding a later file takes back out of a report lint() returned
   * earlier, once it is out of the report's findings.
   */
  onTakeBack(listener: (report: FileReport, finding: Finding) => void): void {
    this.tookBack = listener;
  }

  /** Lints the next file; returns the reports no later file can change any more, in history order. */
  add(text: string, file: string, path = file): FileReport[] {
    this.held.push(this.lint(text, file, path));
    const waiting = new Set(this.open.map((c) => c.report));
    let final = 0;
    while (final < this.held.length && !waiting.has(this.held[final] as FileReport)) final++;
    return this.held.splice(0, final);
  }

  /** The end of the history: what is still open stands. Returns the reports add() held back. */
  finish(): FileReport[] {
    this.open = [];
    return this.held.splice(0);
  }
}

function readIfThere(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
