// SQLite statements → the objects they touch, read from their tokens (engine/sql/lexer.ts).
// SQLite's grammar for schema changes is small: CREATE/DROP of tables, indexes, views and
// triggers, ALTER TABLE's four forms, and the data statements. Enough to name objects; what
// a statement computes is never needed here. A CREATE, ALTER or DROP of a shape this reader
// does not know is opaque rather than silently passed over.
import { LexError, lexTokens, type Token } from '../sql/lexer.ts';
import { member, touch, type StatementReading, type StatementTouch } from './touches.ts';

/** Names as SQLite compares them: case-insensitive (ASCII), quotes removed. */
function unquote(text: string): string {
  const first = text[0];
  if (first === '"' || first === '`')
    return text
      .slice(1, -1)
      .replace(first === '"' ? /""/g : /``/g, first)
      .toLowerCase();
  if (first === '[') return text.slice(1, -1).toLowerCase();
  return text.toLowerCase();
}

/** `` `x` `` and `[x]` quote identifiers in SQLite; the PostgreSQL-shaped lexer reads them as "x". */
function normalizeQuotes(sql: string): string {
  return sql.replace(
    /`((?:[^`]|``)*)`|\[([^\]]*)\]/g,
    (_m, tick: string | undefined, bracket: string | undefined) =>
      `"${(tick ?? bracket ?? '').replace(/``/g, '`').replace(/"/g, '""')}"`,
  );
}

class Reader {
  private at = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): string {
    return this.tokens[this.at + offset]?.upper ?? '';
  }

  /** Consumes the keywords if they come next (all of them), and says so. */
  accept(...words: string[]): boolean {
    if (!words.every((w, k) => this.peek(k) === w)) return false;
    this.at += words.length;
    return true;
  }

  /** A name, schema-qualified or not (`main.` and `temp.` are left out: SQLite's own schemas). */
  name(): string | undefined {
    const token = this.tokens[this.at];
    if (!token) return undefined;
    this.at++;
    let name = unquote(token.text);
    if (this.peek() === '.') {
      const next = this.tokens[this.at + 1];
      if (next) {
        this.at += 2;
        const schema = name;
        name = unquote(next.text);
        if (schema !== 'main' && schema !== 'temp') name = `${schema}.${name}`;
      }
    }
    return name;
  }

  /** The tokens inside the parentheses that open here, split at top-level commas. */
  parenthesized(): Token[][] {
    if (this.peek() !== '(') return [];
    this.at++;
    const items: Token[][] = [[]];
    let depth = 0;
    for (; this.at < this.tokens.length; this.at++) {
      const token = this.tokens[this.at] as Token;
      if (token.text === '(') depth++;
      else if (token.text === ')') {
        if (depth === 0) {
          this.at++;
          break;
        }
        depth--;
      } else if (token.text === ',' && depth === 0) {
        items.push([]);
        continue;
      }
      (items[items.length - 1] as Token[]).push(token);
    }
    return items.filter((i) => i.length > 0);
  }

  skipTo(word: string): boolean {
    while (this.at < this.tokens.length && this.peek() !== word) this.at++;
    return this.accept(word);
  }
}

const TABLE_CONSTRAINTS: ReadonlySet<string> = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

export function sqliteStatementTouches(sql: string): StatementReading {
  let tokens: Token[];
  try {
    tokens = lexTokens(normalizeQuotes(sql));
  } catch (error) {
    if (error instanceof LexError) return { opaque: `cannot be read: ${error.message}` };
    throw error;
  }
  const r = new Reader(tokens);
  const out: StatementTouch[] = [];
  if (r.accept('WITH')) {
    // A CTE before a data statement: find the statement word at depth 0.
    while (r.peek() !== '' && !['INSERT', 'REPLACE', 'UPDATE', 'DELETE'].includes(r.peek())) {
      if (r.peek() === '(') r.parenthesized();
      else r.accept(r.peek());
    }
  }
  const verb = r.peek();
  if (verb === 'CREATE') {
    r.accept('CREATE');
    if (!r.accept('TEMP')) r.accept('TEMPORARY');
    const unique = r.accept('UNIQUE');
    if (r.accept('TABLE') || r.accept('VIRTUAL', 'TABLE')) return createTable(r, out);
    if (r.accept('INDEX')) {
      r.accept('IF', 'NOT', 'EXISTS');
      const index = r.name();
      if (!index || !r.accept('ON')) return { opaque: 'CREATE INDEX without a name or table' };
      const table = r.name() as string;
      out.push(touch('index', index, 'create', unique ? 'CREATE UNIQUE INDEX' : 'CREATE INDEX', table));
      return { touches: out };
    }
    if (r.accept('VIEW')) {
      r.accept('IF', 'NOT', 'EXISTS');
      const view = r.name();
      if (view) out.push(touch('view', view, 'create', 'CREATE VIEW'));
      return { touches: out };
    }
    if (r.accept('TRIGGER')) {
      r.accept('IF', 'NOT', 'EXISTS');
      const trigger = r.name();
      if (!trigger || !r.skipTo('ON')) return { opaque: 'CREATE TRIGGER without a name or table' };
      const table = r.name() as string;
      // Trigger names are the schema's in SQLite (DROP TRIGGER names no table): keyed by name alone.
      out.push(touch('trigger', trigger, 'create', 'CREATE TRIGGER', table));
      return { touches: out };
    }
    return { opaque: `CREATE ${r.peek()}: not a statement this reader knows` };
  }
  if (verb === 'DROP') {
    r.accept('DROP');
    const kind = r.accept('TABLE')
      ? 'table'
      : r.accept('INDEX')
        ? 'index'
        : r.accept('VIEW')
          ? 'view'
          : r.accept('TRIGGER')
            ? 'trigger'
            : undefined;
    if (!kind) return { opaque: `DROP ${r.peek()}: not a statement this reader knows` };
    r.accept('IF', 'EXISTS');
    const name = r.name();
    if (name) out.push(touch(kind, name, 'drop', `DROP ${kind.toUpperCase()}`));
    return { touches: out };
  }
  if (verb === 'ALTER') return alterTable(r, out);
  if (verb === 'INSERT' || verb === 'REPLACE') {
    r.accept(verb);
    if (r.accept('OR')) r.accept(r.peek());
    if (!r.accept('INTO')) return { touches: out };
    const table = r.name();
    if (table) out.push(touch('table', table, 'data', verb));
    return { touches: out };
  }
  if (verb === 'UPDATE') {
    r.accept('UPDATE');
    if (r.accept('OR')) r.accept(r.peek());
    const table = r.name();
    if (table) out.push(touch('table', table, 'data', 'UPDATE'));
    return { touches: out };
  }
  if (verb === 'DELETE') {
    r.accept('DELETE');
    r.accept('FROM');
    const table = r.name();
    if (table) out.push(touch('table', table, 'data', 'DELETE'));
    return { touches: out };
  }
  return { touches: out };
}

function createTable(r: Reader, out: StatementTouch[]): StatementReading {
  r.accept('IF', 'NOT', 'EXISTS');
  const table = r.name();
  if (!table) return { opaque: 'CREATE TABLE without a name' };
  out.push(touch('table', table, 'create', 'CREATE TABLE'));
  for (const item of r.parenthesized()) {
    const first = (item[0] as Token).upper;
    if (TABLE_CONSTRAINTS.has(first)) {
      if (first === 'CONSTRAINT' && item[1])
        out.push(touch('constraint', member(table, unquote(item[1].text)), 'create', 'CREATE TABLE', table));
      continue;
    }
    out.push(touch('column', member(table, unquote((item[0] as Token).text)), 'create', 'CREATE TABLE', table));
    for (let k = 1; k + 1 < item.length; k++) {
      if ((item[k] as Token).upper === 'CONSTRAINT')
        out.push(
          touch('constraint', member(table, unquote((item[k + 1] as Token).text)), 'create', 'CREATE TABLE', table),
        );
    }
  }
  return { touches: out };
}

function alterTable(r: Reader, out: StatementTouch[]): StatementReading {
  r.accept('ALTER');
  if (!r.accept('TABLE')) return { opaque: `ALTER ${r.peek()}: not a statement this reader knows` };
  const table = r.name();
  if (!table) return { opaque: 'ALTER TABLE without a name' };
  if (r.accept('ADD')) {
    r.accept('COLUMN');
    const column = r.name();
    if (!column) return { opaque: 'ADD COLUMN without a name' };
    out.push(
      touch('table', table, 'alter', 'ALTER TABLE (ADD COLUMN)'),
      touch('column', member(table, column), 'create', 'ADD COLUMN', table),
    );
    return { touches: out };
  }
  if (r.accept('DROP')) {
    r.accept('COLUMN');
    const column = r.name();
    if (!column) return { opaque: 'DROP COLUMN without a name' };
    out.push(
      touch('table', table, 'alter', 'ALTER TABLE (DROP COLUMN)'),
      touch('column', member(table, column), 'drop', 'DROP COLUMN', table),
    );
    return { touches: out };
  }
  if (r.accept('RENAME', 'TO')) {
    const to = r.name();
    if (!to) return { opaque: 'RENAME TO without a name' };
    out.push(touch('table', table, 'drop', `RENAME TO ${to}`), touch('table', to, 'create', `RENAME FROM ${table}`));
    return { touches: out };
  }
  if (r.accept('RENAME')) {
    r.accept('COLUMN');
    const from = r.name();
    const to = r.accept('TO') ? r.name() : undefined;
    if (!from || !to) return { opaque: 'RENAME COLUMN without both names' };
    out.push(
      touch('table', table, 'alter', 'ALTER TABLE (RENAME COLUMN)'),
      touch('column', member(table, from), 'drop', `RENAME COLUMN TO ${to}`, table),
      touch('column', member(table, to), 'create', `RENAME COLUMN FROM ${from}`, table),
    );
    return { touches: out };
  }
  return { opaque: `ALTER TABLE … ${r.peek()}: not a form SQLite has` };
}
