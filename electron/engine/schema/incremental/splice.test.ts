// The guard rails of putting the changed tables into the old model: what the small shadow
// built must be what the full build would have built.
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../../shared/model/schema.ts';
import { column, foreignKey, index, schema, sequence, table } from '../../../../test/support/schema-builders.ts';
import type { IncrementalPlan } from './plan.ts';
import { spliceTables } from './splice.ts';

const id = column('id', 'integer', { nullable: false });
const pk = (name: string) => ({ name, columns: ['id'], autoincrement: false });
const a = table('a', [id], { primaryKey: pk('a_pkey') });
const b = table('b', [id, column('a_id', 'integer')], {
  foreignKeys: [foreignKey('b_a_id_fkey', ['a_id'], 'a', ['id'])],
});
const model = schema({
  tables: [a, b],
  sequences: [sequence('a_id_seq', { ownedBy: { schema: 'public', name: 'a', column: 'id' } })],
});
const plan = (...changed: string[]): IncrementalPlan => ({ changed: new Set(changed), referenced: [], statements: [] });
const built = (...tables: Table[]) => schema({ tables });

describe('splicing the changed tables into the old model', () => {
  it('replaces the changed table and the sequences it owns, in the model order', () => {
    const a2 = table('a', [id, column('extra', 'text')], { primaryKey: pk('a_pkey') });
    const c = table('c', [column('x', 'integer')]);
    const result = spliceTables(model, schema({ tables: [c, a2], sequences: [] }), plan('public.a', 'public.c'));
    expect(result.ok && result.schema.tables.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(result.ok && result.schema.tables[0]).toEqual(a2);
    expect(result.ok && result.schema.sequences).toEqual([]);
  });

  it("refuses when an unchanged table's foreign key no longer finds its key", () => {
    const noKey = table('a', [id]);
    expect(spliceTables(model, built(noKey), plan('public.a'))).toMatchObject({ ok: false, why: /foreign key/ });
    const otherType = table('a', [column('id', 'bigint', { nullable: false })], { primaryKey: pk('a_pkey') });
    expect(spliceTables(model, built(otherType), plan('public.a'))).toMatchObject({ ok: false });
    expect(spliceTables(model, built(), plan('public.a'))).toMatchObject({ ok: false, why: /foreign key/ });
    const byIndex = table('a', [id], { indexes: [index('a_id_key', ['id'], { unique: true })] });
    expect(spliceTables(model, built(byIndex), plan('public.a')).ok).toBe(true);
    const partial = table('a', [id], { indexes: [index('a_id_key', ['id'], { unique: true, where: 'id > 0' })] });
    expect(spliceTables(model, built(partial), plan('public.a')).ok).toBe(false);
  });

  it('refuses a name the database may have chosen otherwise beside the others', () => {
    const clash = (name: string) => table('b', [id, column('a_id', 'integer')], { indexes: [index(name, ['a_id'])] });
    expect(spliceTables(model, built(clash('a_pkey1')), plan('public.b'))).toMatchObject({ why: /a_pkey1/ });
    expect(spliceTables(model, built(clash('a_pkey')), plan('public.b'))).toMatchObject({ why: /a_pkey/ });
    expect(spliceTables(model, built(clash('b_a_id_idx')), plan('public.b')).ok).toBe(true);
  });

  it('refuses a changed name that is neither a table before nor after', () => {
    expect(spliceTables(model, built(), plan('public.v'))).toMatchObject({ ok: false, why: /public.v/ });
  });

  it('refuses a serial sequence the small shadow made that the schema has on its own', () => {
    const standalone = schema({ tables: [a, b], sequences: [sequence('c_x_seq')] });
    const c = table('c', [column('x', 'integer')]);
    const made = schema({
      tables: [c],
      sequences: [sequence('c_x_seq', { ownedBy: { schema: 'public', name: 'c', column: 'x' } })],
    });
    expect(spliceTables(standalone, made, plan('public.c'))).toMatchObject({ ok: false, why: /c_x_seq/ });
  });
});
