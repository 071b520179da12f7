// The normalized dump's two promises, as test cases for any dialect: the same schema written
// two ways dumps the same; each real difference changes the dump, showing as the line named.
import { expect, it } from 'vitest';
import type { Schema } from '../../shared/model/schema.ts';
import { normalizedDump, sameSchema } from '../../electron/engine/schema/dump.ts';

/** [what differs, the base SQL changed, a line only the changed dump has]. */
export type DumpChange = readonly [string, string, string];

export function dumpCases(
  schemaOf: (sql: string) => Promise<Schema>,
  base: string,
  same: string,
  changes: readonly DumpChange[],
): void {
  it('is the same for equivalent SQL written differently', async () => {
    const [a, b] = [await schemaOf(base), await schemaOf(same)];
    expect(normalizedDump(b)).toBe(normalizedDump(a));
    expect(sameSchema(a, b)).toBe(true);
  });

  it.each(changes)('differs on %s', async (_what, changed, line) => {
    const [a, b] = [await schemaOf(base), await schemaOf(changed)];
    expect(sameSchema(a, b)).toBe(false);
    expect(normalizedDump(b)).toContain(line);
    expect(normalizedDump(a)).not.toContain(line);
  });
}
