// ADD COLUMN ... NOT NULL without a default cannot succeed on a table that has rows (every
// existing row would be NULL), and PostgreSQL checks it by reading the whole table under
// ACCESS EXCLUSIVE first.
import type { Rule } from '../rule.ts';
import { displayName } from '../schema/model.ts';

export const addingRequiredField: Rule = {
  id: 'adding-required-field',
  dialect: 'postgres',
  severity: 'error',
  summary: 'ADD COLUMN ... NOT NULL without a default fails on a table that has rows',
  check(ctx) {
    if (ctx.effects.scans.length === 0) return []; // most statements: nothing to filter
    const scans = ctx.effects.scans.filter((s) => s.cause === 'required-column' && ctx.existing(s.relation));
    return scans.slice(0, 1).map((s) => ({
      message:
        `${s.detail}: the statement fails as soon as ${displayName(s.relation)} has a row. ` +
        `Add the column with a constant DEFAULT (free since PostgreSQL 11), or nullable, ` +
        `backfill, then NOT NULL via the CHECK recipe`,
    }));
  },
};
