// The sort orders shared/model/schema.ts prescribes, in one place, so that both
// introspections (and anyone building a Schema by hand) produce the same arrays.
import type { CheckConstraint, ForeignKey, UniqueConstraint } from '../../../shared/model/schema.ts';

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** By schema then name (then `arguments` where there is one: overloaded functions). */
export function byQualifiedName<
  T extends { readonly schema: string; readonly name: string; readonly arguments?: string },
>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => compare(a.schema, b.schema) || compare(a.name, b.name) || compare(a.arguments ?? '', b.arguments ?? ''),
  );
}

export function byName<T extends { readonly name: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => compare(a.name, b.name));
}

/** Named constraints by name, then unnamed ones by what they say. */
export function byConstraint<T extends UniqueConstraint | ForeignKey | CheckConstraint>(items: readonly T[]): T[] {
  const key = (c: T) => `${c.name === null ? '1' : '0'}${c.name ?? ''}\u0000${JSON.stringify(c)}`;
  return [...items].sort((a, b) => compare(key(a), key(b)));
}
