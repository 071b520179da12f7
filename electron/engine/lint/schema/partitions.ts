// Partition keys and bounds, so that an INSERT with constant keys into a partitioned table
// is predicted to lock the partitions its rows go to (PostgreSQL locks a partition only
// when a row is routed there), not every partition. Single-column RANGE and LIST keys with
// literal bounds; anything else falls back to "every partition", which the report says.
import type { Node, PartitionBoundSpec, PartitionSpec } from 'libpg-query';
import { nodeAs } from '../parse.ts';
import type { RelationInfo, SchemaModel } from './model.ts';

export type BoundValue = number | string | null;

export type PartitionBound =
  | {
      readonly kind: 'range';
      readonly from: readonly (BoundValue | 'minvalue' | 'maxvalue')[];
      readonly to: readonly (BoundValue | 'minvalue' | 'maxvalue')[];
    }
  | { readonly kind: 'list'; readonly values: readonly BoundValue[] }
  | { readonly kind: 'hash' }
  | { readonly kind: 'default' };

/** A literal as a comparable value; undefined when it is not a plain constant. */
export function literal(node: Node | undefined): BoundValue | undefined {
  const c = nodeAs(node, 'A_Const') ?? nodeAs(nodeAs(node, 'TypeCast')?.arg, 'A_Const');
  if (!c) return undefined;
  if (c.isnull) return null;
  if (c.ival !== undefined) return c.ival.ival ?? 0;
  if (c.fval !== undefined) return Number(c.fval.fval);
  if (c.sval !== undefined) return c.sval.sval ?? '';
  if (c.boolval !== undefined) return c.boolval.boolval ? 'true' : 'false';
  return undefined;
}

function rangeDatum(node: Node): BoundValue | 'minvalue' | 'maxvalue' | undefined {
  const fields = nodeAs(node, 'ColumnRef')?.fields ?? [];
  const word = nodeAs(fields[0], 'String')?.sval?.toLowerCase();
  if (word === 'minvalue' || word === 'maxvalue') return word;
  return literal(node);
}

export function boundOf(spec: PartitionBoundSpec | undefined): PartitionBound | undefined {
  if (!spec) return undefined;
  if (spec.is_default) return { kind: 'default' };
  if (spec.strategy === 'h') return { kind: 'hash' };
  if (spec.strategy === 'l') {
    const values = (spec.listdatums ?? []).map(literal);
    return values.every((v) => v !== undefined) ? { kind: 'list', values: values as BoundValue[] } : undefined;
  }
  const from = (spec.lowerdatums ?? []).map(rangeDatum);
  const to = (spec.upperdatums ?? []).map(rangeDatum);
  if (from.some((v) => v === undefined) || to.some((v) => v === undefined)) return undefined;
  return { kind: 'range', from: from as BoundValue[], to: to as BoundValue[] };
}

export function keyOf(spec: PartitionSpec | undefined): string[] | undefined {
  if (!spec) return undefined;
  const names = (spec.partParams ?? []).map((p) => nodeAs(p, 'PartitionElem')?.name);
  return names.every((n) => n !== undefined) ? (names as string[]) : undefined;
}

/** -1 / 0 / 1, or undefined when the two cannot be compared without knowing the type. */
function compare(a: BoundValue, b: BoundValue): number | undefined {
  if (a === null || b === null) return undefined;
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  // ISO dates and timestamps compare correctly as text; other strings by code point.
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined;
}

function inRange(v: BoundValue, bound: Extract<PartitionBound, { kind: 'range' }>): boolean | undefined {
  const from = bound.from[0];
  const to = bound.to[0];
  if (from === undefined || to === undefined) return undefined;
  const lower = from === 'minvalue' ? 1 : from === 'maxvalue' ? -1 : compare(v, from);
  const upper = to === 'maxvalue' ? -1 : to === 'minvalue' ? 1 : compare(v, to);
  if (lower === undefined || upper === undefined) return undefined;
  return lower >= 0 && upper < 0;
}

/**
 * The leaf partitions a row goes to, given the values of its columns; undefined when the
 * key or a bound is not a single comparable constant (the caller then assumes all).
 */
export function route(
  model: SchemaModel,
  parent: RelationInfo,
  row: ReadonlyMap<string, BoundValue | undefined>,
): RelationInfo[] | undefined {
  const key = parent.partitionKey;
  if (!key || key.length !== 1) return undefined;
  const v = row.get(key[0] as string);
  if (v === undefined || v === null) return undefined;
  const children = model.childrenOf(parent.key);
  let target: RelationInfo | undefined;
  for (const child of children) {
    const b = child.bound;
    if (!b) return undefined;
    if (b.kind === 'hash') return undefined;
    if (b.kind === 'default') continue;
    const hit = b.kind === 'list' ? b.values.some((x) => x !== null && compare(v, x) === 0) : inRange(v, b);
    if (hit === undefined) return undefined;
    if (hit) target = child;
  }
  target ??= children.find((c) => c.bound?.kind === 'default');
  if (!target) return [];
  if (target.kind !== 'partitioned-table') return [target];
  const below = route(model, target, row);
  return below === undefined ? undefined : [target, ...below];
}
