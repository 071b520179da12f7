// The conflict rules: where two branches touch the same object in ways that do not commute
// (issue 16). Pure: footprints in, named conflicts out. Applying the branches in either order
// is what decides when a footprint cannot (commute.ts).
import type { Conflict, ConflictRule, ConflictSide, ObjectKind, Touch } from '../../../shared/model/merge.ts';
import type { RevisionId } from '../../../shared/model/revision.ts';

/** A touch and the revision it is in. */
export interface PlacedTouch extends Touch {
  readonly revision: RevisionId;
}

export interface Side {
  readonly head: RevisionId;
  readonly touches: readonly PlacedTouch[];
}

const key = (t: Pick<Touch, 'kind' | 'name'>): string => `${t.kind}:${t.name}`;

/** Kinds whose shape a data change depends on (an index changes no row). */
const SHAPE_KINDS: ReadonlySet<ObjectKind> = new Set(['column', 'constraint']);

export function findConflicts(a: Side, b: Side): Conflict[] {
  const found = new Map<string, Conflict>();
  const add = (
    rule: ConflictRule,
    kind: ObjectKind,
    object: string,
    x: PlacedTouch,
    xHead: RevisionId,
    y: PlacedTouch,
    yHead: RevisionId,
  ): void => {
    const id = `${rule}:${kind}:${object}`;
    if (found.has(id)) return;
    // Sides in the order of the heads asked about, whichever of them the rule found first.
    const sides = xHead === a.head ? [sideOf(x, xHead), sideOf(y, yHead)] : [sideOf(y, yHead), sideOf(x, xHead)];
    found.set(id, {
      rule,
      kind,
      object,
      message: describe(rule, kind, object, sides),
      sides,
      suggestion: suggest(rule, kind, object, sides),
    });
  };
  const byKey = group(b.touches, key);
  for (const x of a.touches) {
    for (const y of byKey.get(key(x)) ?? []) {
      const rule = sameObjectRule(x, y);
      if (rule) add(rule, x.kind, x.name, x, a.head, y, b.head);
    }
  }
  // Rules between a table and its members, both ways round.
  for (const [one, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const members = group(
      other.touches.filter((t) => t.table !== undefined),
      (t) => t.table as string,
    );
    for (const x of one.touches) {
      if (x.kind !== 'table') continue;
      for (const y of members.get(x.name) ?? []) {
        if (x.action === 'drop') add('drop-vs-change', 'table', x.name, x, one.head, y, other.head);
        else if (x.action === 'data' && SHAPE_KINDS.has(y.kind) && y.action !== 'data')
          add('data-vs-shape', 'table', x.name, x, one.head, y, other.head);
      }
    }
  }
  return [...found.values()];
}

function group<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** The rule two touches of the same object break, if any. */
function sameObjectRule(x: Touch, y: Touch): ConflictRule | undefined {
  const actions = new Set([x.action, y.action]);
  if (x.kind === 'table') {
    if (x.action === 'create' && y.action === 'create') return 'same-name';
    if (actions.has('drop')) return 'drop-vs-change';
    if (actions.has('data') && actions.has('alter')) return 'data-vs-shape';
    return undefined; // two ALTER TABLEs, or two data changes: their members decide
  }
  if (actions.has('data')) return undefined; // a materialized view refreshed on both sides
  if (x.kind === 'column') return 'same-column';
  if (x.action === 'create' && y.action === 'create') return 'same-name';
  if (actions.has('drop')) return 'drop-vs-change';
  if (x.kind === 'type') return 'enum-both';
  return 'changed-twice';
}

function sideOf(t: PlacedTouch, head: RevisionId): ConflictSide {
  return { head, revision: t.revision, line: t.line, action: t.action, what: whatOf(t) };
}

/** "ADD COLUMN users.email": the statement and, for a member, which one. */
function whatOf(t: PlacedTouch): string {
  return t.table !== undefined ? `${t.what} ${t.name}` : t.what;
}

const at = (s: ConflictSide): string => `${s.what} in ${s.revision}, line ${s.line}`;

function describe(rule: ConflictRule, kind: ObjectKind, object: string, sides: readonly ConflictSide[]): string {
  const [x, y] = sides as [ConflictSide, ConflictSide];
  switch (rule) {
    case 'same-column':
      return `column ${object} is changed on both branches: ${at(x)}; ${at(y)}`;
    case 'same-name':
      return `${kind} ${object} is created on both branches: ${at(x)}; ${at(y)}`;
    case 'changed-twice':
      return `${kind} ${object} is changed on both branches: ${at(x)}; ${at(y)}`;
    case 'enum-both':
      return (
        `type ${object} is changed on both branches (the order of its values depends on which runs first): ` +
        `${at(x)}; ${at(y)}`
      );
    case 'drop-vs-change': {
      const [drop, change] = x.action === 'drop' ? [x, y] : [y, x];
      return `${kind} ${object} is dropped on one branch (${at(drop)}) and changed on the other (${at(change)})`;
    }
    case 'data-vs-shape': {
      const [data, shape] = x.action === 'data' ? [x, y] : [y, x];
      return (
        `table ${object} has rows written on one branch (${at(data)}) ` +
        `while its shape changes on the other (${at(shape)})`
      );
    }
    case 'order-matters':
      return `the branches end differently depending on which is applied first`;
  }
}

function suggest(rule: ConflictRule, kind: ObjectKind, object: string, sides: readonly ConflictSide[]): string | null {
  const [x, y] = sides as [ConflictSide, ConflictSide];
  switch (rule) {
    case 'same-column':
      return x.action === 'create' && y.action === 'create'
        ? `keep one ADD COLUMN of ${object}: remove it from ${y.revision} (line ${y.line}) ` +
            `or from ${x.revision} (line ${x.line}), whichever no database has applied`
        : `decide the column's final definition and write it once, in one branch or in the merge revision`;
    case 'same-name':
      return (
        `rename one of the two ${kind === 'index' ? 'indexes' : `${kind}s`} named ${object}, ` +
        `or keep it on one branch only`
      );
    case 'enum-both':
      return (
        `give the new values an explicit place (ADD VALUE … BEFORE/AFTER) ` + `so that both orders give the same type`
      );
    case 'data-vs-shape':
      return `check the data change against the new shape; repeat it in the merge revision if it must see the change`;
    case 'drop-vs-change':
      return `decide which wins: applied after the drop, the other branch's change fails; before it, it is lost`;
    default:
      return null;
  }
}
