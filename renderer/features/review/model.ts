// Pure decisions of the review screen, tested without a DOM: what the diff is asked next, and
// what still stands between the review and "Save as revision".
import type { AutogenDiff, RenameCandidateInfo, RenameDecisionsInfo } from '../../../shared/api/autogen.ts';
import type { RenameAnswer } from './store.ts';

export function candidateKey(c: RenameCandidateInfo): string {
  return c.kind === 'table' ? `table:${c.from}:${c.to}` : `column:${c.table ?? ''}.${c.from}:${c.to}`;
}

/** "users.name → display_name" */
export function describeRename(c: RenameCandidateInfo): string {
  return c.kind === 'table' ? `${c.from} → ${c.to}` : `${c.table ?? ''}.${c.from} → ${c.to}`;
}

/** The renames the user answered "rename" to, as autogen.diff takes them. */
export function renamesOf(
  candidates: readonly RenameCandidateInfo[],
  answers: Readonly<Record<string, RenameAnswer>>,
): RenameDecisionsInfo {
  const chosen = candidates.filter((c) => answers[candidateKey(c)] === 'rename');
  return {
    tables: chosen.filter((c) => c.kind === 'table').map((c) => ({ from: c.from, to: c.to })),
    columns: chosen.filter((c) => c.kind === 'column').map((c) => ({ table: c.table ?? '', from: c.from, to: c.to })),
  };
}

/** `include` for the next diff: undefined while nothing is left out. */
export function includeOf(objects: readonly string[], excluded: readonly string[]): string[] | undefined {
  if (excluded.length === 0) return undefined;
  return objects.filter((o) => !excluded.includes(o));
}

/** New items appended to a list, keeping the order first seen. */
export function union<T>(list: readonly T[], more: readonly T[], key: (t: T) => string = String): T[] {
  const seen = new Set(list.map(key));
  const out = [...list];
  for (const t of more) {
    if (seen.has(key(t))) continue;
    seen.add(key(t));
    out.push(t);
  }
  return out;
}

export interface SaveCheck {
  readonly diff: AutogenDiff | null;
  readonly candidates: readonly RenameCandidateInfo[];
  readonly answers: Readonly<Record<string, RenameAnswer>>;
  readonly confirmed: readonly string[];
  readonly upgradeSql: string;
  readonly message: string;
}

/** Why the review cannot be saved yet, in the order the user meets the reasons; [] when it can. */
export function saveBlockers(s: SaveCheck): string[] {
  if (!s.diff) return ['the diff has not answered yet'];
  const out: string[] = [];
  const open = s.candidates.filter((c) => s.answers[candidateKey(c)] === undefined);
  if (open.length > 0)
    out.push(`answer ${open.length === 1 ? 'the rename question' : `${open.length} rename questions`}`);
  const unconfirmed = s.diff.operations.filter((o) => o.destructive && !s.confirmed.includes(o.object));
  const n = unconfirmed.length;
  if (n > 0) out.push(`confirm ${n === 1 ? 'the destructive operation' : `${n} destructive operations`}`);
  if (s.upgradeSql.trim() === '') out.push('the upgrade is empty');
  if (s.message.trim() === '') out.push('write a message');
  return out;
}
