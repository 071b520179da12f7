// SQLite from/to pairs through real databases (cases in test/support/autogen-pairs/sqlite.ts; the
// harness in test/support/roundtrip.ts).
import { describe, expect, it } from 'vitest';
import { runPair } from '../../../test/support/roundtrip.ts';
import { sqliteCases } from '../../../test/support/autogen-pairs/sqlite.ts';

describe('autogenerate round trip (SQLite)', () => {
  it('has the pairs the issue asks for', () => {
    expect(sqliteCases.length).toBeGreaterThanOrEqual(25);
    expect(new Set(sqliteCases.map((c) => c.name)).size).toBe(sqliteCases.length);
  });

  for (const c of sqliteCases) {
    it(c.name, async () => {
      await runPair('sqlite', c);
    });
  }
});
