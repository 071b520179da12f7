// SQLite's own tokens, for reading back the CREATE texts sqlite_master keeps: SQLite quotes
// identifiers four ways ("x", `x`, [x], and a string where a name is expected), which the
// PostgreSQL-faithful lexer in ../../sql/ does not know. Also the canonical text of an
// expression or a type, so that the same schema written two ways compares equal.

export type TokenKind = 'word' | 'ident' | 'string' | 'number' | 'punct' | 'op';

export interface SqlToken {
  readonly kind: TokenKind;
  /** Words and quoted identifiers unquoted; strings, numbers and symbols as written. */
  readonly text: string;
  /** Word tokens upper-cased (for keyword tests); others as `text`. */
  readonly upper: string;
}

const OPERATORS = ['->>', '||', '<=', '>=', '==', '!=', '<>', '<<', '>>', '->'];
const CLOSING: Record<string, string> = { '"': '"', '`': '`', '[': ']' };

function isWordStart(c: string): boolean {
  return /[A-Za-z_\u0080-\uffff]/.test(c);
}

function isWordPart(c: string): boolean {
  return /[A-Za-z0-9_$\u0080-\uffff]/.test(c);
}

/** Reads a quoted run starting at `i` (on the opening quote); a doubled closing quote stands for itself. */
function quoted(sql: string, i: number, close: string): { body: string; end: number } {
  let body = '';
  let j = i + 1;
  for (;;) {
    if (j >= sql.length) throw new Error(`unterminated ${sql[i]} in: ${sql.slice(i, i + 40)}`);
    if (sql[j] === close) {
      if (close !== ']' && sql[j + 1] === close) {
        body += close;
        j += 2;
        continue;
      }
      return { body, end: j + 1 };
    }
    body += sql[j];
    j += 1;
  }
}

export function tokenize(sql: string): SqlToken[] {
  const out: SqlToken[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) i += 1;
    else if (c === '-' && sql[i + 1] === '-') i = sql.indexOf('\n', i) < 0 ? sql.length : sql.indexOf('\n', i);
    else if (c === '/' && sql[i + 1] === '*')
      i = sql.indexOf('*/', i + 2) < 0 ? sql.length : sql.indexOf('*/', i + 2) + 2;
    else if (c === "'") {
      const { end } = quoted(sql, i, "'");
      out.push({ kind: 'string', text: sql.slice(i, end), upper: sql.slice(i, end) });
      i = end;
    } else if (/[xX]/.test(c) && sql[i + 1] === "'") {
      const { end } = quoted(sql, i + 1, "'");
      const text = `X${sql.slice(i + 1, end)}`;
      out.push({ kind: 'string', text, upper: text });
      i = end;
    } else if (c in CLOSING) {
      const { body, end } = quoted(sql, i, CLOSING[c]!);
      out.push({ kind: 'ident', text: body, upper: body });
      i = end;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < sql.length && isWordPart(sql[j]!)) j += 1;
      const text = sql.slice(i, j);
      out.push({ kind: 'word', text, upper: text.toUpperCase() });
      i = j;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      const match = /^(0[xX][0-9a-fA-F]+|(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)/.exec(sql.slice(i))!;
      out.push({ kind: 'number', text: match[0], upper: match[0].toUpperCase() });
      i += match[0].length;
    } else {
      const op = OPERATORS.find((o) => sql.startsWith(o, i)) ?? c;
      out.push({ kind: /[(),;.]/.test(op) ? 'punct' : 'op', text: op, upper: op });
      i += op.length;
    }
  }
  return out;
}

/** Splits tokens at top-level commas (parentheses nest). */
export function splitTopLevel(tokens: readonly SqlToken[], separator = ','): SqlToken[][] {
  const parts: SqlToken[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(' && t.kind === 'punct') depth += 1;
    if (t.text === ')' && t.kind === 'punct') depth -= 1;
    if (depth === 0 && t.kind === 'punct' && t.text === separator) parts.push([]);
    else parts[parts.length - 1]!.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

/** The index of the `)` closing the `(` at `open`. */
export function closingParen(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    if (t.kind !== 'punct') continue;
    if (t.text === '(') depth += 1;
    if (t.text === ')' && --depth === 0) return i;
  }
  throw new Error('unbalanced parentheses');
}

// Words after which "(" reads as a group, not a call: a space keeps the text readable.
const SPACED_BEFORE_PAREN = new Set([
  'AND',
  'OR',
  'NOT',
  'IN',
  'AS',
  'EXISTS',
  'WHEN',
  'THEN',
  'ELSE',
  'ON',
  'USING',
  'WHERE',
  'SELECT',
  'FROM',
  'VALUES',
  'IS',
  'BETWEEN',
  'LIKE',
  'CASE',
]);

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * One text per meaning: tokens joined by a fixed spacing rule, bare words lower-cased (SQLite
 * folds names and keywords alike), quoted names double-quoted, strings kept. `upperWords` for
 * type names, which read better upper-cased.
 */
export function canonicalText(tokens: readonly SqlToken[], upperWords = false): string {
  let out = '';
  let prev: SqlToken | undefined;
  let unary = false;
  for (const t of tokens) {
    const text =
      t.kind === 'word'
        ? upperWords
          ? t.upper
          : t.text.toLowerCase()
        : t.kind === 'ident'
          ? quoteIdent(t.text)
          : t.text;
    const glued =
      prev === undefined ||
      (t.kind === 'punct' && (t.text === ')' || t.text === ',' || t.text === '.' || t.text === ';')) ||
      (prev.kind === 'punct' && (prev.text === '(' || prev.text === '.')) ||
      unary ||
      (t.kind === 'punct' &&
        t.text === '(' &&
        (prev.kind === 'ident' || (prev.kind === 'word' && !SPACED_BEFORE_PAREN.has(prev.upper))));
    out += glued ? text : ` ${text}`;
    // A sign with no operand before it belongs to what follows: -1, not - 1.
    const operandBefore =
      prev !== undefined &&
      (prev.kind === 'number' ||
        prev.kind === 'string' ||
        prev.kind === 'ident' ||
        (prev.kind === 'punct' && prev.text === ')') ||
        (prev.kind === 'word' && !SPACED_BEFORE_PAREN.has(prev.upper)));
    unary = t.kind === 'op' && (t.text === '-' || t.text === '+') && !operandBefore;
    prev = t;
  }
  return out;
}

/** The canonical text of an SQL fragment given as text (a pragma's default, a declared type). */
export function canonicalSql(sql: string, upperWords = false): string {
  return canonicalText(tokenize(sql), upperWords);
}

/** Strips one pair of parentheses that wraps the whole fragment. */
export function unwrapParens(tokens: readonly SqlToken[]): readonly SqlToken[] {
  if (
    tokens.length >= 2 &&
    tokens[0]!.kind === 'punct' &&
    tokens[0]!.text === '(' &&
    closingParen(tokens, 0) === tokens.length - 1
  )
    return unwrapParens(tokens.slice(1, -1));
  return tokens;
}
