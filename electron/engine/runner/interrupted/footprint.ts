// What a statement leaves in the catalog: the index, table, view or column it creates or
// drops. When a `transactional false` revision is interrupted, this is how Strata knows which
// objects to look for, and what taking them back means. Only the forms whose result is one
// named object are recognized; anything else (an UPDATE, a REINDEX, an unnamed index) says
// so, and a person decides about it. Pure: no database, no parser WASM.
import type { Dialect } from '../../../../shared/model/revision.ts';
import type { ObjectKind, ObjectRef } from '../../dialects/dialect.ts';

export interface Footprint {
  /**
   * 'create': the object exists once the statement has run; 'drop': it is gone; 'write': rows
   * of the table change (INSERT, UPDATE, DELETE), which the catalog cannot show.
   */
  readonly effect: 'create' | 'drop' | 'write';
  readonly object: ObjectRef;
  /** CREATE/DROP INDEX CONCURRENTLY (PostgreSQL): its undo runs outside a transaction too. */
  readonly concurrently: boolean;
}

type Token =
  | { readonly kind: 'word'; readonly text: string; readonly upper: string }
  | { readonly kind: 'quoted'; readonly text: string }
  | { readonly kind: 'punct'; readonly text: string };

/** Words, quoted identifiers and punctuation, without comments or string literals' contents. */
function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (/\s/.test(c)) i++;
    else if (sql.startsWith('--', i)) i = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
    else if (sql.startsWith('/*', i)) i = sql.indexOf('*/', i + 2) < 0 ? sql.length : sql.indexOf('*/', i + 2) + 2;
    else if (c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      let text = '';
      let j = i + 1;
      for (; j < sql.length; j++) {
        if (sql[j] === close) {
          if (close !== ']' && sql[j + 1] === close) {
            text += close;
            j++;
            continue;
          }
          break;
        }
        text += sql[j];
      }
      out.push({ kind: 'quoted', text });
      i = j + 1;
    } else if (c === "'") {
      let j = i + 1;
      while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
      out.push({ kind: 'punct', text: "'" });
      i = j + 1;
    } else if (/[A-Za-z_\u0080-\uffff]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$\u0080-\uffff]/.test(sql[j] as string)) j++;
      const text = sql.slice(i, j);
      out.push({ kind: 'word', text, upper: text.toUpperCase() });
      i = j;
    } else {
      out.push({ kind: 'punct', text: c });
      i++;
    }
  }
  return out;
}

class Cursor {
  private at = 0;
  constructor(
    private readonly tokens: readonly Token[],
    private readonly dialect: Dialect,
  ) {}

  /** Consumes the keywords if they come next, in order. */
  accept(...words: string[]): boolean {
    for (let k = 0; k < words.length; k++) {
      const t = this.tokens[this.at + k];
      if (t?.kind !== 'word' || t.upper !== words[k]) return false;
    }
    this.at += words.length;
    return true;
  }

  /** An identifier: unquoted ones fold to lower case on PostgreSQL, as the server folds them. */
  private ident(): string | undefined {
    const t = this.tokens[this.at];
    if (t?.kind === 'quoted') {
      this.at++;
      return t.text;
    }
    if (t?.kind === 'word') {
      this.at++;
      return this.dialect === 'postgres' ? t.text.toLowerCase() : t.text;
    }
    return undefined;
  }

  /** name or schema.name */
  qualified(): { schema: string | null; name: string } | undefined {
    const first = this.ident();
    if (first === undefined) return undefined;
    const dot = this.tokens[this.at];
    if (dot?.kind === 'punct' && dot.text === '.') {
      this.at++;
      const second = this.ident();
      return second === undefined ? undefined : { schema: first, name: second };
    }
    return { schema: null, name: first };
  }

  peekWord(): string | undefined {
    const t = this.tokens[this.at];
    return t?.kind === 'word' ? t.upper : undefined;
  }
}

/** The footprint of one statement, or undefined when it is not one Strata can follow. */
export function footprintOf(statement: string, dialect: Dialect): Footprint | undefined {
  const c = new Cursor(tokenize(statement), dialect);
  if (c.accept('CREATE')) {
    c.accept('OR', 'REPLACE');
    if (c.accept('UNIQUE', 'INDEX') || c.accept('INDEX')) {
      const concurrently = c.accept('CONCURRENTLY');
      c.accept('IF', 'NOT', 'EXISTS');
      if (c.peekWord() === 'ON') return undefined; // unnamed: the server picks the name
      const name = c.qualified();
      if (!name || !c.accept('ON')) return undefined;
      c.accept('ONLY');
      const table = c.qualified();
      if (!table) return undefined;
      // An index lives in its table's schema.
      return {
        effect: 'create',
        concurrently,
        object: { kind: 'index', schema: name.schema ?? table.schema, name: name.name, table },
      };
    }
    while (
      c.accept('GLOBAL') ||
      c.accept('LOCAL') ||
      c.accept('TEMPORARY') ||
      c.accept('TEMP') ||
      c.accept('UNLOGGED')
    );
    if (c.accept('TABLE')) {
      c.accept('IF', 'NOT', 'EXISTS');
      const name = c.qualified();
      return name ? { effect: 'create', concurrently: false, object: { kind: 'table', ...name } } : undefined;
    }
    const kind: ObjectKind | undefined = c.accept('MATERIALIZED', 'VIEW')
      ? 'materialized view'
      : c.accept('VIEW')
        ? 'view'
        : undefined;
    if (kind) {
      c.accept('IF', 'NOT', 'EXISTS');
      const name = c.qualified();
      return name ? { effect: 'create', concurrently: false, object: { kind, ...name } } : undefined;
    }
    return undefined;
  }
  if (c.accept('DROP')) {
    const kind: ObjectKind | undefined = c.accept('INDEX')
      ? 'index'
      : c.accept('TABLE')
        ? 'table'
        : c.accept('MATERIALIZED', 'VIEW')
          ? 'materialized view'
          : c.accept('VIEW')
            ? 'view'
            : undefined;
    if (!kind) return undefined;
    const concurrently = kind === 'index' && c.accept('CONCURRENTLY');
    c.accept('IF', 'EXISTS');
    const name = c.qualified();
    return name ? { effect: 'drop', concurrently, object: { kind, ...name } } : undefined;
  }
  if (c.accept('INSERT', 'INTO') || c.accept('UPDATE') || c.accept('DELETE', 'FROM')) {
    c.accept('ONLY');
    const table = c.qualified();
    return table ? { effect: 'write', concurrently: false, object: { kind: 'table', ...table } } : undefined;
  }
  if (c.accept('ALTER', 'TABLE')) {
    c.accept('IF', 'EXISTS');
    c.accept('ONLY');
    const table = c.qualified();
    if (!table) return undefined;
    const effect = c.accept('ADD') ? 'create' : c.accept('DROP') ? 'drop' : undefined;
    if (!effect) return undefined;
    const explicit = c.accept('COLUMN');
    // ADD CONSTRAINT / PRIMARY KEY … are not columns.
    if (!explicit && ['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN', 'EXCLUDE'].includes(c.peekWord() ?? ''))
      return undefined;
    c.accept('IF', effect === 'create' ? 'NOT' : 'EXISTS');
    c.accept('EXISTS');
    const column = c.qualified();
    if (!column || column.schema !== null) return undefined;
    // Alone on the statement: further clauses (", ADD …") would be more objects than one.
    if (/,\s*(ADD|DROP|ALTER)\b/i.test(statement)) return undefined;
    return { effect, concurrently: false, object: { kind: 'column', schema: table.schema, name: column.name, table } };
  }
  return undefined;
}
