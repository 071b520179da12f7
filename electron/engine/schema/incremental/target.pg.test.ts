// The incremental target build against the full one, over every PostgreSQL from/to pair of
// the autogenerate round trip (test/support/autogen-pairs/): "from" built as the previous
// schema.sql, then schema.sql edited to "to" — the model must be the one a full build of "to"
// gives, whichever path was taken; and the path taken is counted, so that a change in what
// goes incremental (or stops falling back) shows.
import { afterAll, describe, expect, it } from 'vitest';
import { postgresCases } from '../../../../test/support/autogen-pairs/postgres.ts';
import { pgAdminUrl } from '../../../../test/support/databases.ts';
import { onShadow } from '../../usecases/autogen.ts';
import { buildTarget, type BuiltTarget, type OnShadow } from './target.ts';

const run: OnShadow = (work) => onShadow({ dialect: 'postgres', serverUrl: pgAdminUrl() }, work);

const paths: Record<BuiltTarget['path'], string[]> = { same: [], incremental: [], full: [] };

describe('the target schema built incrementally (PostgreSQL)', () => {
  for (const c of postgresCases) {
    it(c.name, { timeout: 60_000 }, async () => {
      const previous = await buildTarget(c.from, 'schema.sql', run, undefined);
      expect(previous.path).toBe('full');
      const edited = await buildTarget(c.to, 'schema.sql', run, previous);
      const full = await buildTarget(c.to, 'schema.sql', run, undefined);
      expect(edited.schema).toEqual(full.schema);
      paths[edited.path].push(c.name);
    });
  }

  afterAll(() => {
    // Only when every pair ran (a filtered run counts nothing).
    const counted = paths.same.length + paths.incremental.length + paths.full.length;
    if (counted !== postgresCases.length) return;
    expect({ incremental: paths.incremental.length, full: paths.full.length }).toEqual(EXPECTED_PATHS);
  });
});

/** Of the pairs: the edits built incrementally, and those the guard rails sent to the full build. */
const EXPECTED_PATHS = { incremental: 64, full: 45 };
