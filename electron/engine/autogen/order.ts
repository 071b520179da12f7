// Dependency order inside a phase: tables after the tables their foreign keys reference,
// views after the views they read. A cycle cannot be ordered; `topological` reports which
// edges it had to leave out, so the caller can take them out of the objects (a foreign key
// added after both tables exist).

/** Items ordered so that each comes after what it depends on; ties keep their input order. */
export function topological<T>(
  items: readonly T[],
  key: (x: T) => string,
  dependsOn: (x: T) => readonly string[],
): { ordered: T[]; broken: { from: string; to: string }[] } {
  const byKey = new Map(items.map((x) => [key(x), x]));
  const state = new Map<string, 'visiting' | 'done'>();
  const ordered: T[] = [];
  const broken: { from: string; to: string }[] = [];
  const visit = (x: T): void => {
    const k = key(x);
    state.set(k, 'visiting');
    for (const d of dependsOn(x)) {
      if (d === k || !byKey.has(d)) continue;
      const s = state.get(d);
      if (s === 'visiting') broken.push({ from: k, to: d });
      else if (s === undefined) visit(byKey.get(d)!);
    }
    state.set(k, 'done');
    ordered.push(x);
  };
  for (const x of items) if (!state.has(key(x))) visit(x);
  return { ordered, broken };
}
