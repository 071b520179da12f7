// PostgreSQL from/to pairs through real databases on the suite's embedded server (cases in
// test/support/autogen-pairs/postgres.ts; the harness in test/support/roundtrip.ts).
import { describe, expect, it } from 'vitest';
import { runPair } from '../../../test/support/roundtrip.ts';
import { postgresCases } from '../../../test/support/autogen-pairs/postgres.ts';

describe('autogenerate round trip (PostgreSQL)', () => {
  it('has the pairs the issue asks for', () => {
    expect(postgresCases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(postgresCases.map((c) => c.name)).size).toBe(postgresCases.length);
  });

  for (const c of postgresCases) {
    it(c.name, async () => {
      await runPair('postgres', c);
    });
  }
});
