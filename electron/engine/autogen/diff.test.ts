import { describe, expect, it } from 'vitest';
import type { Schema } from '../../../shared/model/schema.ts';
import {
  column,
  enumType,
  foreignKey,
  index,
  routine,
  schema,
  sequence,
  table,
  view,
} from '../../../test/support/schema-builders.ts';
import { applyChanges } from './apply.ts';
import { diffSchemas } from './diff.ts';
import { renderDiff } from './render.ts';
import { NO_RENAMES, RenameDecisionError, type RenameDecisions } from './renames.ts';

/** The schema with every unordered list sorted, so two ways of building it compare equal. */
function canonical(s: Schema): string {
  const sorted = <T>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  return JSON.stringify(
    {
      ...s,
      tables: s.tables.map((t) => ({
        ...t,
        uniques: sorted(t.uniques),
        foreignKeys: sorted(t.foreignKeys),
        checks: sorted(t.checks),
        indexes: sorted(t.indexes),
        triggers: sorted(t.triggers),
      })),
    },
    null,
    1,
  );
}

/** The diff's upgrade leads from `from` to `to`, and its downgrade (reverses, reversed) back. */
function roundTrip(from: Schema, to: Schema, decisions: RenameDecisions = NO_RENAMES) {
  const diff = diffSchemas(from, to, decisions);
  const up = applyChanges(
    from,
    diff.operations.map((o) => o.change),
  );
  expect(canonical(up)).toBe(canonical(to));
  const down = applyChanges(
    up,
    [...diff.operations].reverse().map((o) => o.reverse),
  );
  expect(canonical(down)).toBe(canonical(from));
  return diff;
}

const kinds = (d: ReturnType<typeof diffSchemas>): string[] => d.operations.map((o) => `${o.kind} ${o.object}`);

const users = table('users', [column('id', 'integer', { nullable: false }), column('email', 'text')], {
  primaryKey: { name: 'users_pkey', columns: ['id'], autoincrement: false },
});
const posts = table('posts', [column('id', 'integer', { nullable: false }), column('user_id', 'integer')], {
  primaryKey: { name: 'posts_pkey', columns: ['id'], autoincrement: false },
  foreignKeys: [foreignKey('posts_user_id_fkey', ['user_id'], 'users', ['id'])],
});

describe('diffSchemas', () => {
  it('finds nothing between equal schemas', () => {
    const s = schema({ tables: [users, posts] });
    expect(diffSchemas(s, s, NO_RENAMES)).toEqual({ operations: [], renameCandidates: [] });
  });

  it('creates referenced tables first and drops them last', () => {
    const d = roundTrip(schema(), schema({ tables: [posts, users] }));
    expect(kinds(d)).toEqual(['createTable table public.users', 'createTable table public.posts']);
    const back = roundTrip(schema({ tables: [posts, users] }), schema());
    expect(kinds(back)).toEqual(['dropTable table public.posts', 'dropTable table public.users']);
    expect(back.operations.every((o) => o.destructive && !o.reverseDestructive)).toBe(true);
  });

  it('breaks a foreign key cycle between new PostgreSQL tables into a separate constraint', () => {
    const a = table('a', [column('id', 'integer'), column('b_id', 'integer')], {
      foreignKeys: [foreignKey('a_b', ['b_id'], 'b', ['id'])],
    });
    const b = table('b', [column('id', 'integer'), column('a_id', 'integer')], {
      foreignKeys: [foreignKey('b_a', ['a_id'], 'a', ['id'])],
    });
    const d = roundTrip(schema(), schema({ tables: [a, b] }));
    expect(kinds(d)).toEqual([
      'createTable table public.b',
      'createTable table public.a',
      'addConstraint foreign key b_a on public.b',
    ]);
  });

  it('drops a foreign key before the table it references, and re-adds it after in the downgrade', () => {
    const postsAlone = { ...posts, foreignKeys: [] };
    const d = roundTrip(schema({ tables: [posts, users] }), schema({ tables: [postsAlone] }));
    expect(kinds(d)).toEqual([
      'dropConstraint foreign key posts_user_id_fkey on public.posts',
      'dropTable table public.users',
    ]);
    expect(d.operations.map((o) => o.reverse.kind).reverse()).toEqual(['createTable', 'addConstraint']);
  });

  it('adds, alters and drops columns, marking drops and narrowing type changes destructive', () => {
    const to = table(
      'users',
      [
        column('id', 'bigint', { nullable: false }),
        column('name', 'character varying(20)', { nullable: false, default: "'x'::character varying" }),
      ],
      { primaryKey: users.primaryKey },
    );
    const d = roundTrip(schema({ tables: [users] }), schema({ tables: [to] }));
    expect(kinds(d)).toEqual([
      'addColumn column public.users.name',
      'alterColumn column public.users.id',
      'dropColumn column public.users.email',
    ]);
    expect(d.operations.map((o) => o.destructive)).toEqual([false, false, true]);
    // Back from bigint to integer narrows: the downgrade's step is destructive.
    expect(d.operations[1]!.reverseDestructive).toBe(true);
    expect(d.renameCandidates).toEqual([]);
  });

  it('proposes a rename for a dropped and an added column of one type, and renames only when told', () => {
    const to = { ...users, columns: [users.columns[0]!, column('mail', 'text')] };
    const guess = roundTrip(schema({ tables: [users] }), schema({ tables: [to] }));
    expect(kinds(guess)).toEqual(['addColumn column public.users.mail', 'dropColumn column public.users.email']);
    expect(guess.renameCandidates).toEqual([{ kind: 'column', table: 'users', from: 'email', to: 'mail' }]);
    const told = roundTrip(schema({ tables: [users] }), schema({ tables: [to] }), {
      tables: [],
      columns: [{ table: 'users', from: 'email', to: 'mail' }],
    });
    expect(kinds(told)).toEqual(['renameColumn column public.users.email → mail']);
    expect(told.operations[0]!.destructive).toBe(false);
    expect(told.renameCandidates).toEqual([]);
  });

  it('proposes a table rename and, when told, renames it with its references and columns', () => {
    const members = { ...users, name: 'members', columns: [users.columns[0]!, column('mail', 'text')] };
    const postsToMembers = {
      ...posts,
      foreignKeys: [foreignKey('posts_user_id_fkey', ['user_id'], 'members', ['id'])],
    };
    const plain = { ...users, name: 'members' };
    const guess = diffSchemas(schema({ tables: [users] }), schema({ tables: [plain] }), NO_RENAMES);
    expect(guess.renameCandidates).toEqual([{ kind: 'table', from: 'users', to: 'members' }]);
    const told = roundTrip(schema({ tables: [users, posts] }), schema({ tables: [members, postsToMembers] }), {
      tables: [{ from: 'users', to: 'members' }],
      columns: [{ table: 'members', from: 'email', to: 'mail' }],
    });
    expect(kinds(told)).toEqual([
      'renameTable table public.users → members',
      'renameColumn column public.members.email → mail',
    ]);
  });

  it('refuses a decision naming something that is not there', () => {
    expect(() =>
      diffSchemas(schema({ tables: [users] }), schema({ tables: [users] }), {
        tables: [{ from: 'nope', to: 'users' }],
        columns: [],
      }),
    ).toThrow(RenameDecisionError);
    expect(() =>
      diffSchemas(schema({ tables: [users] }), schema({ tables: [users] }), {
        tables: [],
        columns: [{ table: 'users', from: 'x', to: 'y' }],
      }),
    ).toThrow(/no column x/);
  });

  it('renames an index and a constraint whose content is unchanged', () => {
    const from = { ...users, indexes: [index('users_email', ['email'])] };
    const to = {
      ...users,
      primaryKey: { name: 'users_pk', columns: ['id'], autoincrement: false },
      indexes: [index('users_email_idx', ['email'])],
    };
    const d = roundTrip(schema({ tables: [from] }), schema({ tables: [to] }));
    expect(kinds(d)).toEqual([
      'renameConstraint constraint users_pkey → users_pk on public.users',
      'renameIndex index public.users_email → users_email_idx',
    ]);
  });

  it('drops an index before and creates one after the column changes', () => {
    const from = { ...users, indexes: [index('users_email', ['email'])] };
    const to = {
      ...users,
      columns: [users.columns[0]!, column('email', 'character varying(100)')],
      indexes: [index('users_email', ['email'], { unique: true })],
    };
    const d = roundTrip(schema({ tables: [from] }), schema({ tables: [to] }));
    expect(kinds(d)).toEqual([
      'dropIndex index public.users_email',
      'alterColumn column public.users.email',
      'createIndex index public.users_email',
    ]);
    expect(d.operations[1]!.destructive).toBe(true);
  });

  it('drops and re-creates the views that read a reshaped table, dependents first', () => {
    const v1 = view('active', ' SELECT users.id, users.email FROM users;');
    const v2 = view('active_ids', ' SELECT active.id FROM active;');
    const other = view('other', ' SELECT 1 AS one;');
    const to = { ...users, columns: [users.columns[0]!, column('email', 'character varying(200)')] };
    const d = roundTrip(
      schema({ tables: [users], views: [v1, v2, other] }),
      schema({ tables: [to], views: [v1, v2, other] }),
    );
    expect(kinds(d)).toEqual([
      'dropView view public.active_ids',
      'dropView view public.active',
      'alterColumn column public.users.email',
      'createView view public.active',
      'createView view public.active_ids',
    ]);
  });

  it('creates a type before its column and drops it after', () => {
    const mood = enumType('mood', ['sad', 'ok']);
    const to = { ...users, columns: [...users.columns, column('mood', 'mood')] };
    const d = roundTrip(schema({ tables: [users] }), schema({ tables: [to], enums: [mood] }));
    expect(kinds(d)).toEqual(['createEnum type public.mood', 'addColumn column public.users.mood']);
    const back = roundTrip(schema({ tables: [to], enums: [mood] }), schema({ tables: [users] }));
    expect(kinds(back)).toEqual(['dropColumn column public.users.mood', 'dropEnum type public.mood']);
  });

  it('creates a declared extension after its schema and before the types, and never drops one', () => {
    const hstore = { name: 'hstore', schema: 'ext' };
    const mood = enumType('mood', ['sad', 'ok']);
    const to = schema({ schemas: ['ext'], extensions: [hstore], enums: [mood], tables: [users] });
    const d = roundTrip(schema({ tables: [users] }), to);
    expect(kinds(d)).toEqual([
      'createSchema schema ext',
      'createExtension extension hstore',
      'createEnum type public.mood',
    ]);
    expect(renderDiff(d, schema({ tables: [users] }), to).upgradeSql).toContain(
      'CREATE EXTENSION IF NOT EXISTS hstore WITH SCHEMA ext;',
    );
    // Installed by the host, or moved by hand: left alone, and said.
    const live = schema({ extensions: [{ name: 'pg_stat_statements', schema: 'public' }, hstore], tables: [users] });
    const declared = schema({ extensions: [{ name: 'hstore', schema: 'public' }], tables: [users] });
    const none = diffSchemas(live, declared, NO_RENAMES);
    expect(kinds(none)).toEqual([]);
    const warnings = renderDiff(none, live, declared).warnings.join('\n');
    expect(warnings).toMatch(/extension pg_stat_statements is installed but not declared: left alone/);
    expect(warnings).toMatch(/extension hstore is in schema ext, declared in public/);
  });

  it('adds enum values in place and swaps the type when one goes', () => {
    const from = schema({ enums: [enumType('mood', ['sad', 'ok'])] });
    const added = roundTrip(from, schema({ enums: [enumType('mood', ['sad', 'meh', 'ok', 'happy'])] }));
    expect(added.operations.map((o) => o.kind)).toEqual(['addEnumValue', 'addEnumValue']);
    expect(added.operations[0]!.reverse.kind).toBe('replaceEnum');
    const removed = roundTrip(from, schema({ enums: [enumType('mood', ['ok'])] }));
    expect(removed.operations.map((o) => [o.kind, o.destructive])).toEqual([['replaceEnum', true]]);
  });

  it('creates an owned sequence free, gives it its owner after the table, and frees it before the table goes', () => {
    const seq = sequence('t_id_seq', { ownedBy: { schema: 'public', name: 't', column: 'id' } });
    const t = table('t', [column('id', 'integer', { nullable: false, default: "nextval('t_id_seq'::regclass)" })]);
    const d = roundTrip(schema(), schema({ tables: [t], sequences: [seq] }));
    expect(kinds(d)).toEqual([
      'createSequence sequence public.t_id_seq',
      'createTable table public.t',
      'alterSequence sequence public.t_id_seq',
    ]);
    const back = roundTrip(schema({ tables: [t], sequences: [seq] }), schema());
    expect(kinds(back)).toEqual([
      'alterSequence sequence public.t_id_seq',
      'dropTable table public.t',
      'dropSequence sequence public.t_id_seq',
    ]);
  });

  it('creates functions before the triggers that call them, and replaces a changed one', () => {
    const f = routine(
      'touch',
      'CREATE OR REPLACE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$',
    );
    const trig = {
      name: 'users_touch',
      definition: 'CREATE TRIGGER users_touch BEFORE UPDATE ON public.users FOR EACH ROW EXECUTE FUNCTION touch()',
    };
    const to = { ...users, triggers: [trig] };
    const d = roundTrip(schema({ tables: [users] }), schema({ tables: [to], routines: [f] }));
    expect(kinds(d)).toEqual([
      'createRoutine function public.touch()',
      'createTrigger trigger users_touch on public.users',
    ]);
    const f2 = { ...f, definition: f.definition.replace('RETURN NEW', 'RETURN NULL') };
    const back = roundTrip(schema({ tables: [to], routines: [f] }), schema({ tables: [users], routines: [f2] }));
    expect(kinds(back)).toEqual([
      'dropTrigger trigger users_touch on public.users',
      'replaceRoutine function public.touch()',
    ]);
  });

  it('changes comments on their own', () => {
    const to = {
      ...users,
      comment: 'people',
      columns: [users.columns[0]!, column('email', 'text', { comment: 'login' })],
    };
    const d = roundTrip(schema({ tables: [users] }), schema({ tables: [to] }));
    expect(kinds(d)).toEqual([
      'setComment comment on table public.users',
      'setComment comment on column public.users.email',
    ]);
  });

  it('keeps the changes of one SQLite table together, so it is rebuilt once', () => {
    const sqliteUsers = { ...users, primaryKey: { name: null, columns: ['id'], autoincrement: false } };
    const to = {
      ...sqliteUsers,
      columns: [users.columns[0]!, column('email', 'text', { nullable: false })],
      checks: [{ name: null, expression: "email <> ''", notValid: false }],
      indexes: [index('users_email', ['email'])],
    };
    const d = roundTrip(schema({ tables: [sqliteUsers] }, 'sqlite'), schema({ tables: [to] }, 'sqlite'));
    expect(kinds(d)).toEqual([
      'alterColumn column main.users.email',
      'addConstraint check (unnamed) on main.users',
      'createIndex index main.users_email',
    ]);
  });

  it('creates a schema before what lives in it and drops it last', () => {
    const t = { ...users, schema: 'billing' };
    const d = roundTrip(schema(), schema({ schemas: ['billing'], tables: [t] }));
    expect(kinds(d)).toEqual(['createSchema schema billing', 'createTable table billing.users']);
  });

  it('indexes an existing partitioned table without CONCURRENTLY, which PostgreSQL refuses there', () => {
    const key = column('at', 'date', { nullable: false });
    const events = table('events', [key], { partitionBy: 'RANGE (at)' });
    const indexed = { ...events, indexes: [index('events_at_idx', ['at'])] };
    const plain = table('logs', [key]);
    const from = schema({ tables: [events, plain] });
    const to = schema({ tables: [indexed, { ...plain, indexes: [index('logs_at_idx', ['at'])] }] });
    const d = roundTrip(from, to);
    const up = renderDiff(d, from, to).upgradeSql;
    expect(up).toContain('CREATE INDEX events_at_idx ON events (at)');
    expect(up).toContain('CREATE INDEX CONCURRENTLY logs_at_idx ON logs (at)');
    expect(renderDiff(d, from, to).downgradeSql).toContain('DROP INDEX events_at_idx');
  });
});
