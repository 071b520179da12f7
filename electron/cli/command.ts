// The shape of one CLI command, and helpers the commands share for describing revisions.
import type { RevisionId } from '../../shared/model/revision.ts';
import type { RevisionMap } from '../engine/usecases/plan.ts';
import type { CommandContext } from './context.ts';
import { UsageError, type ExitCode } from './exit-codes.ts';
import { paint, type Output } from './output.ts';

export type OptionValue = string | boolean | string[] | undefined;
export type OptionValues = Readonly<Record<string, OptionValue>>;

/** A command's usage and its work; its name and summary are in commands/index.ts. */
export interface Command {
  readonly usage: string;
  /** Options this command accepts beyond the global ones. */
  readonly options: readonly string[];
  run(ctx: CommandContext, values: OptionValues, positionals: readonly string[]): Promise<ExitCode>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/**
 * A duration option in ms: `30s`, `500ms`, `2min`, `1h`, or a bare number of seconds (as
 * PostgreSQL's lock_timeout reads units); undefined when the option is absent.
 */
export function durationOption(values: OptionValues, name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|min|h)?$/.exec(raw.trim());
  if (!match) throw new UsageError(`--${name} is a duration such as 30s, 500ms, 2min or 1h, not '${raw}'`);
  const factor = { ms: 1, s: 1000, min: 60_000, h: 3_600_000 }[(match[2] ?? 's') as 'ms' | 's' | 'min' | 'h'];
  return Number(match[1]) * factor;
}

export function listOption(values: OptionValues, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.flatMap((s) => s.split(',').map((x) => x.trim())).filter((s) => s !== '');
  return typeof v === 'string' ? [v] : [];
}

export interface RevisionSummary {
  readonly revision: RevisionId;
  readonly message: string;
  readonly parents: readonly RevisionId[];
  readonly dependsOn: readonly RevisionId[];
  readonly branchLabels: readonly string[];
  readonly created: string | null;
  readonly transactional: boolean;
  readonly file: string;
  readonly isHead: boolean;
  readonly isBase: boolean;
  readonly isMergePoint: boolean;
  readonly isBranchPoint: boolean;
}

export function summarize(map: RevisionMap, id: RevisionId): RevisionSummary {
  const r = map.get(id);
  return {
    revision: r.id,
    message: r.message,
    parents: r.parents,
    dependsOn: r.dependsOn,
    branchLabels: map.labelsOf(id),
    created: r.created ?? null,
    transactional: r.transactional,
    file: r.file,
    isHead: map.isHead(id),
    isBase: r.parents.length === 0,
    isMergePoint: r.parents.length > 1,
    isBranchPoint: map.childrenOf(id).length > 1,
  };
}

/** "(billing) (head) (mergepoint)" as Alembic's history prints them. */
export function flags(out: Output, s: RevisionSummary, current = false): string {
  const parts: string[] = [];
  for (const l of s.branchLabels) parts.push(paint(out, 'magenta', `(${l})`));
  if (s.isHead) parts.push(paint(out, 'green', '(head)'));
  if (s.isBase) parts.push(paint(out, 'gray', '(base)'));
  if (s.isMergePoint) parts.push(paint(out, 'cyan', '(mergepoint)'));
  if (s.isBranchPoint) parts.push(paint(out, 'cyan', '(branchpoint)'));
  if (current) parts.push(paint(out, 'yellow', '(current)'));
  return parts.join(' ');
}
