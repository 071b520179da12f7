// A statement whose locks cannot be predicted from its text (a DO block, CALL, DROP OWNED…)
// is said to be so, with what would show them: the lock preview must never look empty
// because the analyzer could not see.
import type { Rule } from '../rule.ts';

export const unknownLocks: Rule = {
  id: 'unknown-locks',
  dialect: 'postgres',
  severity: 'warning',
  summary: 'The statement’s locks cannot be predicted from its text',
  check(ctx) {
    const why = ctx.effects.unknownLocks;
    return why === undefined ? [] : [{ message: `Locks unknown: ${why}` }];
  },
};
