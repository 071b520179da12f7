// What SQLite's pragmas do not say, read from the CREATE text sqlite_master keeps: column
// collations, CHECK constraints, generated expressions, AUTOINCREMENT, constraint names,
// DEFERRABLE, WITHOUT ROWID / STRICT, index key expressions and WHERE, a view's query.
import type { Deferrable } from '../../../../shared/model/schema.ts';
import { canonicalText, closingParen, splitTopLevel, tokenize, unwrapParens, type SqlToken } from './sqlite-tokens.ts';

export interface ParsedForeignKey {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly table: string;
  readonly deferrable: Deferrable;
}

export interface ParsedTable {
  /** Lower-cased column name → its COLLATE. */
  readonly collations: ReadonlyMap<string, string>;
  /** Lower-cased column name → its generated expression (canonical). */
  readonly generated: ReadonlyMap<string, string>;
  readonly checks: readonly { readonly name: string | null; readonly expression: string }[];
  readonly uniques: readonly { readonly name: string | null; readonly columns: readonly string[] }[];
  readonly foreignKeys: readonly ParsedForeignKey[];
  readonly autoincrement: boolean;
  /** 'STRICT', 'WITHOUT ROWID', sorted. */
  readonly options: readonly string[];
}

const COLUMN_CONSTRAINT_START = new Set([
  'CONSTRAINT',
  'PRIMARY',
  'NOT',
  'NULL',
  'UNIQUE',
  'CHECK',
  'DEFAULT',
  'COLLATE',
  'REFERENCES',
  'GENERATED',
  'AS',
]);
const TABLE_CONSTRAINT_START = new Set(['CONSTRAINT', 'PRIMARY', 'UNIQUE', 'CHECK', 'FOREIGN']);

function nameOf(t: SqlToken | undefined): string {
  if (!t) throw new Error('a name was expected');
  return t.kind === 'string' ? t.text.slice(1, -1).replace(/''/g, "'") : t.text;
}

function isPunct(t: SqlToken | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'punct' && t.text === text;
}

/** The tokens inside the parenthesised group opening at `open`, and the index after it. */
function group(tokens: readonly SqlToken[], open: number): { inner: SqlToken[]; next: number } {
  const close = closingParen(tokens, open);
  return { inner: tokens.slice(open + 1, close), next: close + 1 };
}

/** Column names of a "(a, b COLLATE x DESC)" list: the first token of each item. */
function columnList(inner: readonly SqlToken[]): string[] {
  return splitTopLevel(inner).map((item) => nameOf(item[0]));
}

/** [NOT] DEFERRABLE [INITIALLY DEFERRED | IMMEDIATE] anywhere in a REFERENCES clause. */
function deferrableOf(clause: readonly SqlToken[]): Deferrable {
  const at = clause.findIndex((t) => t.upper === 'DEFERRABLE' && t.kind === 'word');
  if (at < 0 || clause[at - 1]?.upper === 'NOT') return 'not deferrable';
  return clause[at + 1]?.upper === 'INITIALLY' && clause[at + 2]?.upper === 'DEFERRED'
    ? 'deferrable initially deferred'
    : 'deferrable initially immediate';
}

/** The tokens of one constraint clause from `start` up to the next clause start (or the end). */
function clauseEnd(tokens: readonly SqlToken[], start: number, starts: ReadonlySet<string>): number {
  let i = start + 1;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) {
      i = closingParen(tokens, i) + 1;
      continue;
    }
    // NOT starts a clause only as NOT NULL (NOT DEFERRABLE belongs to REFERENCES).
    // GENERATED ALWAYS AS ( … ) is one clause, not GENERATED ALWAYS and AS ( … ).
    // So is ON DELETE SET NULL / SET DEFAULT, and NOT NULL.
    const before = tokens[i - 1]?.upper;
    const continues =
      (t.upper === 'NOT' && tokens[i + 1]?.upper === 'DEFERRABLE') ||
      (t.upper === 'NULL' && (before === 'NOT' || before === 'SET')) ||
      (t.upper === 'DEFAULT' && before === 'SET') ||
      (t.upper === 'AS' && before === 'ALWAYS');
    if (t.kind === 'word' && starts.has(t.upper) && !continues) return i;
    i += 1;
  }
  return i;
}

interface Collected {
  collations: Map<string, string>;
  generated: Map<string, string>;
  checks: { name: string | null; expression: string }[];
  uniques: { name: string | null; columns: readonly string[] }[];
  foreignKeys: ParsedForeignKey[];
  autoincrement: boolean;
}

function referencesOf(
  clause: readonly SqlToken[],
  at: number,
  name: string | null,
  columns: readonly string[],
): ParsedForeignKey {
  const table = isPunct(clause[at + 2], '.') ? clause[at + 3] : clause[at + 1];
  return { name, columns, table: nameOf(table), deferrable: deferrableOf(clause) };
}

/** One constraint clause (after any CONSTRAINT name), of a column (`column` set) or of the table. */
function readClause(clause: readonly SqlToken[], name: string | null, column: string | null, into: Collected): void {
  const head = clause[0]!.upper;
  const groupAfter = (i: number) => (isPunct(clause[i], '(') ? group(clause, i).inner : []);
  if (head === 'CHECK') into.checks.push({ name, expression: canonicalText(unwrapParens(groupAfter(1))) });
  else if (head === 'COLLATE' && column) into.collations.set(column.toLowerCase(), nameOf(clause[1]));
  else if ((head === 'AS' || head === 'GENERATED') && column) {
    const open = clause.findIndex((t) => isPunct(t, '('));
    into.generated.set(column.toLowerCase(), canonicalText(unwrapParens(group(clause, open).inner)));
  } else if (head === 'PRIMARY' && column)
    into.autoincrement ||= clause.some((t) => t.upper === 'AUTOINCREMENT' && t.kind === 'word');
  else if (head === 'UNIQUE') into.uniques.push({ name, columns: column ? [column] : columnList(groupAfter(1)) });
  else if (head === 'REFERENCES' && column) into.foreignKeys.push(referencesOf(clause, 0, name, [column]));
  else if (head === 'FOREIGN') {
    const open = clause.findIndex((t) => isPunct(t, '('));
    const { inner, next } = group(clause, open);
    into.foreignKeys.push(referencesOf(clause, next, name, columnList(inner)));
  }
}

/** Reads the constraint clauses from `start` on, each with its CONSTRAINT name if it has one. */
function readClauses(tokens: readonly SqlToken[], start: number, column: string | null, into: Collected): void {
  const starts = column ? COLUMN_CONSTRAINT_START : TABLE_CONSTRAINT_START;
  let i = start;
  let name: string | null = null;
  while (i < tokens.length) {
    if (tokens[i]!.upper === 'CONSTRAINT' && tokens[i]!.kind === 'word') {
      name = nameOf(tokens[i + 1]);
      i += 2;
      continue;
    }
    const end = clauseEnd(tokens, i, starts);
    readClause(tokens.slice(i, end), name, column, into);
    name = null;
    i = end;
  }
}

/** Where a column's type ends and its constraints begin. */
function typeEnd(item: readonly SqlToken[]): number {
  let i = 1;
  while (i < item.length) {
    const t = item[i]!;
    if (isPunct(t, '(')) i = closingParen(item, i) + 1;
    else if (t.kind === 'word' && COLUMN_CONSTRAINT_START.has(t.upper)) return i;
    else i += 1;
  }
  return i;
}

export function parseCreateTable(sql: string): ParsedTable {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  const into: Collected = {
    collations: new Map(),
    generated: new Map(),
    checks: [],
    uniques: [],
    foreignKeys: [],
    autoincrement: false,
  };
  if (open < 0) return { ...into, options: [] };
  const { inner, next } = group(tokens, open);
  for (const item of splitTopLevel(inner)) {
    if (item[0]!.kind === 'word' && TABLE_CONSTRAINT_START.has(item[0]!.upper)) readClauses(item, 0, null, into);
    else readClauses(item, typeEnd(item), nameOf(item[0]), into);
  }
  const options = splitTopLevel(tokens.slice(next))
    .map((part) => part.map((t) => t.upper).join(' '))
    .sort();
  return { ...into, options };
}

export interface ParsedIndex {
  /** Each key's expression text (canonical), in order; a plain column's is its name. */
  readonly keys: readonly string[];
  readonly where: string | null;
}

const KEY_SUFFIX = new Set(['ASC', 'DESC']);

export function parseCreateIndex(sql: string): ParsedIndex {
  const tokens = tokenize(sql);
  const open = tokens.findIndex((t) => isPunct(t, '('));
  const { inner, next } = group(tokens, open);
  const keys = splitTopLevel(inner).map((item) => {
    let end = item.length;
    if (item[end - 1]?.kind === 'word' && KEY_SUFFIX.has(item[end - 1]!.upper)) end -= 1;
    if (end >= 2 && item[end - 2]?.upper === 'COLLATE') end -= 2;
    return canonicalText(unwrapParens(item.slice(0, end)));
  });
  const where = tokens[next]?.upper === 'WHERE' ? canonicalText(tokens.slice(next + 1)) : null;
  return { keys, where };
}

/** The query of a CREATE VIEW: what follows its first top-level AS. */
export function viewQuery(sql: string): string {
  const tokens = tokenize(sql);
  let depth = 0;
  for (const [i, t] of tokens.entries()) {
    if (isPunct(t, '(')) depth += 1;
    if (isPunct(t, ')')) depth -= 1;
    if (depth === 0 && t.kind === 'word' && t.upper === 'AS') return canonicalText(tokens.slice(i + 1));
  }
  throw new Error(`no AS in view definition: ${sql.slice(0, 60)}`);
}
