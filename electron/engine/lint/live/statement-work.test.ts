import { beforeAll, describe, expect, it } from 'vitest';
import { loadParser } from '../parse.ts';
import { statementWork } from './statement-work.ts';

beforeAll(loadParser);

describe('statementWork', () => {
  it('reads the index an index build makes, expressions as null', () => {
    expect(statementWork('CREATE UNIQUE INDEX ix ON app.users (lower(email), id)')).toEqual([
      { kind: 'index-build', table: 'app.users', columns: [null, 'id'] },
    ]);
    expect(statementWork('ALTER TABLE users ADD PRIMARY KEY (id)')).toEqual([
      { kind: 'index-build', table: 'users', columns: ['id'] },
    ]);
  });

  it('reads a foreign key and the table it references; NOT VALID is left to the flags (no scan)', () => {
    expect(statementWork('ALTER TABLE orders ADD CONSTRAINT f FOREIGN KEY (user_id) REFERENCES users (id)')).toEqual([
      { kind: 'foreign-key', table: 'orders', columns: ['user_id'], referenced: 'users', referencedColumns: ['id'] },
    ]);
    expect(statementWork('ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users')).toEqual([
      { kind: 'foreign-key', table: 'orders', columns: ['user_id'], referenced: 'users', referencedColumns: [] },
    ]);
    expect(statementWork('ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users NOT VALID')).toBeUndefined();
  });

  it('names the constraint VALIDATE checks, a CHECK as a scan', () => {
    expect(statementWork('ALTER TABLE orders VALIDATE CONSTRAINT f')).toEqual([
      { kind: 'validate', table: 'orders', constraint: 'f' },
    ]);
    expect(statementWork('ALTER TABLE orders ADD CONSTRAINT c CHECK (total > 0)')).toEqual([
      { kind: 'scan', table: 'orders' },
    ]);
  });

  it("leaves rewrites and everything else to the analyzer's flags", () => {
    expect(statementWork('ALTER TABLE orders ADD COLUMN z float8 DEFAULT random()')).toBeUndefined();
    expect(statementWork('ALTER TABLE orders ALTER COLUMN a SET NOT NULL, ADD CHECK (a > 0)')).toBeUndefined();
    expect(statementWork('VACUUM FULL orders')).toBeUndefined();
    expect(statementWork('not sql')).toBeUndefined();
  });
});
