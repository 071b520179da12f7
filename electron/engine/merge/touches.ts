// What a statement reader (pg-footprint.ts, sqlite-footprint.ts) says about one statement.
import type { ObjectKind, Touch, TouchAction } from '../../../shared/model/merge.ts';

/** A touch before it is placed on a line. */
export type StatementTouch = Omit<Touch, 'line'>;

/** What one statement was read as: its touches, or why it cannot be read. */
export type StatementReading = { readonly touches: readonly StatementTouch[] } | { readonly opaque: string };

export function touch(
  kind: ObjectKind,
  name: string,
  action: TouchAction,
  what: string,
  table?: string,
): StatementTouch {
  return table === undefined ? { kind, name, action, what } : { kind, name, action, what, table };
}

/** `table.column`, the key of a table's member. */
export function member(table: string, name: string): string {
  return `${table}.${name}`;
}
