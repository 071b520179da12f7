// A copy of the SQLite sample whose "create api keys table" revision has a statement that fails.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const BROKEN = 'c19e2a59ca10';

/** test.use() option: the failing statement added at the end of the revision's upgrade. */
export const brokenRevisionPatch = {
  apply: (dir: string): void => {
    const versions = join(dir, 'versions');
    const path = join(versions, readdirSync(versions).find((f) => f.startsWith(BROKEN)) as string);
    writeFileSync(
      path,
      readFileSync(path, 'utf8').replace(
        '-- strata:downgrade',
        'INSERT INTO no_such_table VALUES (1);\n\n-- strata:downgrade',
      ),
    );
  },
};
