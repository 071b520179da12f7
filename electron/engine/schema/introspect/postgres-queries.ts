// The catalog queries PostgreSQL introspection sends: eleven, each for the whole database, so
// their number does not grow with the tables'. Every text is the server's canonical one
// (format_type, pg_get_expr, pg_get_indexdef, pg_get_constraintdef, pg_get_viewdef,
// pg_get_triggerdef, pg_get_functiondef). Oids travel as text, one key type for every map.
// Expressions in pg_get_expr's
// pretty form, without the parentheses the plain one puts around every operator.

/** User schemas: not the system's, not temporary or toast ones. */
const USER_NAMESPACE =
  String.raw`n.nspname NOT IN ('pg_catalog', 'information_schema') ` +
  String.raw`AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'`;

/** Not created by an extension (those belong to the extension, not to the schema). */
const notFromExtension = (oid: string, catalog: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = ` +
  `'${catalog}'::regclass AND e.objid = ${oid} AND e.deptype = 'e')`;

/** The user's tables, views and materialized views; Strata's own tables left out. */
const USER_RELATION =
  String.raw`c.relkind IN ('r', 'p', 'v', 'm') AND ${USER_NAMESPACE} ` +
  String.raw`AND NOT (c.relkind IN ('r', 'p') AND c.relname LIKE 'strata\_%') ` +
  `AND ${notFromExtension('c.oid', 'pg_class')}`;

const describe = (oid: string, catalog: string, sub = '0') =>
  `(SELECT d.description FROM pg_description d WHERE d.objoid = ${oid} ` +
  `AND d.classoid = '${catalog}'::regclass AND d.objsubid = ${sub})`;

const collationName = (oid: string) =>
  `(SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname) ` +
  `ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) ` +
  `END FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = ${oid})`;

export const POSTGRES_QUERIES = {
  // plpgsql is in every database from the start: never created nor dropped by a migration.
  extensions:
    `SELECT e.extname AS name, n.nspname AS schema FROM pg_extension e ` +
    `JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY 1`,

  schemas:
    `SELECT n.nspname FROM pg_namespace n WHERE ${USER_NAMESPACE} AND n.nspname ` +
    `<> 'public' AND ${notFromExtension('n.oid', 'pg_namespace')} ORDER BY 1`,

  relations:
    `SELECT c.oid::text AS oid, n.nspname AS schema, c.relname AS name, c.relkind AS kind, ` +
    `${describe('c.oid', 'pg_class')} AS comment,
      CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS viewdef,
      CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
      CASE WHEN c.relispartition THEN (SELECT i.inhparent::text FROM pg_inherits i WHERE i.inhrelid = c.oid) END ` +
    `AS parent,
      CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${USER_RELATION}`,

  columns:
    `SELECT a.attrelid::text AS rel, a.attnum AS num, a.attname AS name, format_type(a.atttypid, a.atttypmod) ` +
    `AS type, a.attnotnull AS notnull,
      pg_get_expr(ad.adbin, ad.adrelid, true) AS expr, a.attidentity AS identity, a.attgenerated AS generated,
      CASE WHEN a.attcollation <> t.typcollation THEN ${collationName('a.attcollation')} END AS collation,
      ${describe('a.attrelid', 'pg_class', 'a.attnum')} AS comment
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN ` +
    `pg_type t ON t.oid = a.atttypid
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE a.attnum > 0 AND NOT a.attisdropped AND ${USER_RELATION}
    ORDER BY a.attrelid, a.attnum`,

  constraints:
    `SELECT con.conrelid::text AS rel, con.conname AS name, con.contype AS type, con.conkey AS keys, ` +
    `con.confrelid::text AS ref, con.confkey AS refkeys,
      con.confupdtype AS onupdate, con.confdeltype AS ondelete, con.confmatchtype AS match, ` +
    `con.condeferrable AS deferrable, con.condeferred AS deferred,
      con.convalidated AS validated, pg_get_constraintdef(con.oid) AS def, pg_get_expr(con.conbin, con.conrelid, ` +
    `true) AS expr,
      (con.conparentid <> 0 OR con.coninhcount > 0) AS inherited
    FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND ${USER_RELATION}`,

  // Each key: its text (pg_get_indexdef's column form), its column number (0: an expression),
  // its options (DESC, NULLS FIRST bits), a collation and an operator class other than the defaults.
  indexes:
    `SELECT i.indrelid::text AS rel, ic.relname AS name, i.indisunique AS unique, am.amname AS method, ` +
    `i.indnkeyatts AS nkeys, EXISTS (SELECT 1 FROM pg_inherits x WHERE x.inhrelid = i.indexrelid) AS inherited,
      pg_get_indexdef(i.indexrelid) AS def, pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
      coalesce((to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nullsnotdistinct,
      (SELECT json_agg(json_build_object(
          'text', pg_get_indexdef(i.indexrelid, k, true), 'attnum', i.indkey[k - 1],
          'option', CASE WHEN k <= i.indnkeyatts THEN i.indoption[k - 1] END,
          'collation', CASE WHEN k <= i.indnkeyatts AND i.indcollation[k - 1] <> 0
            AND i.indcollation[k - 1] <> coalesce((SELECT a.attcollation FROM pg_attribute a WHERE a.attrelid = ` +
    `i.indrelid AND a.attnum = i.indkey[k - 1]), 100)
            THEN ${collationName('i.indcollation[k - 1]')} END,
          'opclass', CASE WHEN k <= i.indnkeyatts THEN (SELECT opc.opcname FROM pg_opclass opc WHERE opc.oid = ` +
    `i.indclass[k - 1] AND NOT opc.opcdefault) END
        ) ORDER BY k) FROM generate_series(1, i.indnatts) k) AS keys
    FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_RELATION} AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND ` +
    `k.contype IN ('p', 'u', 'x'))`,

  // A partition's clones of its parent's triggers (tgparentid) are the parent's.
  triggers: `SELECT t.tgrelid::text AS rel, t.tgname AS name, pg_get_triggerdef(t.oid, true) AS def
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND ${USER_RELATION}`,

  enums:
    `SELECT n.nspname AS schema, t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) ` +
    `AS labels, ${describe('t.oid', 'pg_type')} AS comment
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
    WHERE ${USER_NAMESPACE} AND ${notFromExtension('t.oid', 'pg_type')} GROUP BY t.oid, n.nspname, t.typname`,

  // Checks only: PostgreSQL 17+ also files a domain's NOT NULL as a constraint (contype 'n').
  domains:
    `SELECT n.nspname AS schema, t.typname AS name, format_type(t.typbasetype, t.typtypmod) AS base, ` +
    `t.typnotnull AS notnull, t.typdefault AS default,
      CASE WHEN t.typcollation <> b.typcollation THEN ${collationName('t.typcollation')} END AS collation,
      coalesce((SELECT json_agg(json_build_object('name', k.conname, 'definition', pg_get_constraintdef(k.oid)) ` +
    `ORDER BY k.conname) FROM pg_constraint k WHERE k.contypid = t.oid AND k.contype = 'c'), '[]') AS checks,
      ${describe('t.oid', 'pg_type')} AS comment
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_type b ON b.oid = t.typbasetype
    WHERE t.typtype = 'd' AND ${USER_NAMESPACE} AND ${notFromExtension('t.oid', 'pg_type')}`,

  // Owner: deptype 'a' (OWNED BY, serial) or 'i' (an identity column's own sequence).
  sequences:
    `SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type, ` +
    `s.seqstart::text AS start, s.seqincrement::text AS increment,
      s.seqmin::text AS min, s.seqmax::text AS max, s.seqcache::text AS cache, s.seqcycle AS cycle, ` +
    `${describe('c.oid', 'pg_class')} AS comment,
      d.deptype AS owner_kind, d.refobjid::text AS owner_rel, a.attname AS owner_column
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = ` +
    `'pg_class'::regclass AND d.deptype IN ('a', 'i')
    LEFT JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
    WHERE ${USER_NAMESPACE} AND c.relname NOT LIKE 'strata\\_%' AND ${notFromExtension('c.oid', 'pg_class')}`,

  routines:
    `SELECT n.nspname AS schema, p.proname AS name, pg_get_function_identity_arguments(p.oid) AS args, ` +
    `p.prokind AS kind,
      pg_get_functiondef(p.oid) AS def, ${describe('p.oid', 'pg_proc')} AS comment
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE p.prokind IN ('f', 'p') AND ${USER_NAMESPACE} AND ${notFromExtension('p.oid', 'pg_proc')}`,
};
