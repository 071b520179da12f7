// Token boundaries of one statement, for placing a fix's text edit ("after the INDEX
// keyword", "after the last token"). What a statement means always comes from the real
// parser; this only says where its tokens start and end, following PostgreSQL's own scanner
// (src/backend/parser/scan.l) rule for rule: comments (nested /* */), strings in every
// form (E'', B'', X'', N'', U&'', continued across a newline), quoted identifiers, dollar
// quotes, numbers, parameters and operators with scan.l's trailing +/- rule. A test holds it
// equal to libpg-query's scanner on every statement of the test corpora and on generated
// ones. It exists because that scanner, called through WASM for a few tokens, cost more
// than the rest of the rule's work: tens of microseconds a call until V8 tiers it up.
import { blockCommentEnd } from './source.ts';

export interface Token {
  /** Offsets in UTF-16 code units into the scanned text (the scanner counts bytes). */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly upper: string;
  readonly comment: boolean;
}

const SPACE = 32;
const TAB = 9;
const NEWLINE = 10;
const VTAB = 11;
const FORMFEED = 12;
const RETURN = 13;
const QUOTE = 39; // '
const DQUOTE = 34; // "
const DOLLAR = 36;
const DOT = 46;
const BACKSLASH = 92;
const UNDERSCORE = 95;
const AMPERSAND = 38;
const COLON = 58;
const DASH = 45;
const SLASH = 47;
const STAR = 42;
const PLUS = 43;

/** A statement the lexer cannot split into tokens (an unterminated string or comment). */
export class LexError extends Error {}

function isSpace(c: number): boolean {
  return c === SPACE || c === TAB || c === NEWLINE || c === RETURN || c === FORMFEED || c === VTAB;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** scan.l's ident_start: a letter, `_`, or any byte of a multi-byte character. */
function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === UNDERSCORE || c >= 0x80;
}

/** scan.l's ident_cont: ident_start, a digit or `$`. */
function isIdentCont(c: number): boolean {
  return isIdentStart(c) || isDigit(c) || c === DOLLAR;
}

/** scan.l's op_chars: ~ ! @ # ^ & | ` ? + - * / % < > = */
function isOpChar(c: number): boolean {
  return (
    c === 126 ||
    c === 33 ||
    c === 64 ||
    c === 35 ||
    c === 94 ||
    c === AMPERSAND ||
    c === 124 ||
    c === 96 ||
    c === 63 ||
    c === PLUS ||
    c === DASH ||
    c === STAR ||
    c === SLASH ||
    c === 37 ||
    c === 60 ||
    c === 62 ||
    c === 61
  );
}

/** The op_chars that let a multi-character operator end in `+` or `-` (scan.l's operator rule). */
function allowsTrailingSign(c: number): boolean {
  return (
    c === 126 ||
    c === 33 ||
    c === 64 ||
    c === 35 ||
    c === 94 ||
    c === AMPERSAND ||
    c === 124 ||
    c === 96 ||
    c === 63 ||
    c === 37
  );
}

/** The statement's tokens, comments left out, in order. Throws LexError where the scanner fails. */
export function lexTokens(sql: string): Token[] {
  const tokens: Token[] = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    const next = i + 1 < n ? sql.charCodeAt(i + 1) : -1;
    if (c === DASH && next === DASH) {
      i = lineEnd(sql, i);
      continue;
    }
    if (c === SLASH && next === STAR) {
      i = blockCommentEnd(sql, i);
      if (i < 0) throw new LexError('unterminated /* comment');
      continue;
    }
    const end = tokenEnd(sql, i, c, next);
    const text = sql.slice(i, end);
    tokens.push({ start: i, end, text, upper: text.toUpperCase(), comment: false });
    i = end;
  }
  return tokens;
}

/** The end of the (non-comment) token that starts at `i` with characters `c`, `next`. */
function tokenEnd(sql: string, i: number, c: number, next: number): number {
  const lower = c | 0x20;
  if (next === QUOTE) {
    // N'' is two tokens, the NCHAR keyword and a plain string. B'' and X'' take no doubled
    // quote inside; E'' takes backslash escapes.
    if (lower === 110) return i + 1;
    if (lower === 98 || lower === 120) return stringEnd(sql, i + 1, false, false);
    if (lower === 101) return stringEnd(sql, i + 1, true, true);
  }
  if (lower === 117 && next === AMPERSAND) {
    const third = sql.charCodeAt(i + 2);
    if (third === QUOTE) return stringEnd(sql, i + 2, false, true);
    if (third === DQUOTE) return quotedIdentifierEnd(sql, i + 2);
  }
  if (c === QUOTE) return stringEnd(sql, i, false, true);
  if (c === DQUOTE) return quotedIdentifierEnd(sql, i);
  if (c === DOLLAR) return dollarEnd(sql, i, next);
  if (isIdentStart(c)) {
    let j = i + 1;
    while (j < sql.length && isIdentCont(sql.charCodeAt(j))) j++;
    return j;
  }
  if (isDigit(c) || (c === DOT && isDigit(next))) return numberEnd(sql, i);
  if (c === DOT && next === DOT) return i + 2;
  if (c === COLON && (next === COLON || next === 61)) return i + 2;
  if (isOpChar(c)) return operatorEnd(sql, i);
  // scan.l's self characters and anything else: one character.
  return i + 1;
}

function lineEnd(sql: string, i: number): number {
  let j = i;
  while (j < sql.length && sql.charCodeAt(j) !== NEWLINE && sql.charCodeAt(j) !== RETURN) j++;
  return j;
}

/**
 * After a string literal whose opening quote is at `quote`, continuation segments included
 * ('a'<newline>'b' is one literal). `backslash`: E'' escapes; `doubled`: '' stands for a quote.
 */
function stringEnd(sql: string, quote: number, backslash: boolean, doubled: boolean): number {
  let j = quote + 1;
  for (;;) {
    if (j >= sql.length) throw new LexError('unterminated quoted string');
    const c = sql.charCodeAt(j);
    if (c === QUOTE) {
      if (doubled && sql.charCodeAt(j + 1) === QUOTE) {
        j += 2;
        continue;
      }
      const more = continuation(sql, j + 1);
      if (more < 0) return j + 1;
      j = more + 1;
    } else if (backslash && c === BACKSLASH) j += 2;
    else j++;
  }
}

/**
 * scan.l's quotecontinue: blanks with at least one newline, then a quote. The offset of that
 * quote, or -1. In libpg-query's scanner (which reports comments as tokens) a comment in
 * between ends the literal.
 */
function continuation(sql: string, from: number): number {
  let j = from;
  let newline = false;
  while (j < sql.length) {
    const c = sql.charCodeAt(j);
    if (c === NEWLINE || c === RETURN) {
      newline = true;
      j++;
    } else if (c === SPACE || c === TAB || c === FORMFEED || (newline && c === VTAB)) j++;
    else return newline && c === QUOTE ? j : -1;
  }
  return -1;
}

function quotedIdentifierEnd(sql: string, quote: number): number {
  let j = quote + 1;
  for (;;) {
    const close = sql.indexOf('"', j);
    if (close < 0) throw new LexError('unterminated quoted identifier');
    if (sql.charCodeAt(close + 1) !== DQUOTE) {
      if (close === quote + 1) throw new LexError('zero-length delimited identifier');
      return close + 1;
    }
    j = close + 2;
  }
}

/** A parameter ($1), a dollar-quoted string ($tag$…$tag$), or a lone `$`. */
function dollarEnd(sql: string, i: number, next: number): number {
  if (isDigit(next)) {
    // $1: digits only (`$1_0` is $1, then the name _0).
    let j = i + 1;
    while (isDigit(sql.charCodeAt(j))) j++;
    return j;
  }
  let j = i + 1;
  if (next !== DOLLAR) {
    // scan.l's dolq_start, then dolq_cont (no `$` in a tag).
    if (!isIdentStart(next)) return i + 1;
    j++;
    while (j < sql.length && (isIdentStart(sql.charCodeAt(j)) || isDigit(sql.charCodeAt(j)))) j++;
    // $tag without its closing `$`: the scanner returns the `$` alone.
    if (sql.charCodeAt(j) !== DOLLAR) return i + 1;
  }
  const tag = sql.slice(i, j + 1);
  const close = sql.indexOf(tag, j + 1);
  if (close < 0) throw new LexError('unterminated dollar-quoted string');
  return close + tag.length;
}

/** Digits from `from`, single underscores between them (and before the first, for 0x_1). */
function digitsEnd(sql: string, from: number, isValid: (c: number) => boolean, leadingUnderscore: boolean): number {
  let j = from;
  for (;;) {
    const c = sql.charCodeAt(j);
    if (isValid(c)) j++;
    else if (c === UNDERSCORE && (leadingUnderscore || j > from) && isValid(sql.charCodeAt(j + 1))) j += 2;
    else return j;
  }
}

function isHexDigit(c: number): boolean {
  return isDigit(c) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

function isOctalDigit(c: number): boolean {
  return c >= 48 && c <= 55;
}

function isBinaryDigit(c: number): boolean {
  return c === 48 || c === 49;
}

/** Integers (decimal, 0x, 0o, 0b, with underscores), decimals and exponents. */
function numberEnd(sql: string, i: number): number {
  const radix = sql.charCodeAt(i) === 48 ? sql.charCodeAt(i + 1) | 0x20 : 0;
  if (radix === 120 || radix === 111 || radix === 98) {
    const end = digitsEnd(sql, i + 2, radix === 120 ? isHexDigit : radix === 111 ? isOctalDigit : isBinaryDigit, true);
    if (end === i + 2) throw new LexError('invalid integer literal');
    return junkCheck(sql, end);
  }
  let j = isDigit(sql.charCodeAt(i)) ? digitsEnd(sql, i, isDigit, false) : i;
  // `1..2` is 1, then `..`.
  if (sql.charCodeAt(j) === DOT && sql.charCodeAt(j + 1) !== DOT) {
    j++;
    if (isDigit(sql.charCodeAt(j))) j = digitsEnd(sql, j, isDigit, false);
  }
  if ((sql.charCodeAt(j) | 0x20) === 101) {
    const sign = sql.charCodeAt(j + 1) === PLUS || sql.charCodeAt(j + 1) === DASH ? 1 : 0;
    if (isDigit(sql.charCodeAt(j + 1 + sign))) j = digitsEnd(sql, j + 1 + sign, isDigit, false);
  }
  return junkCheck(sql, j);
}

/** A number run into an identifier is the scanner's "trailing junk after numeric literal". */
function junkCheck(sql: string, end: number): number {
  if (end < sql.length && isIdentStart(sql.charCodeAt(end))) throw new LexError('trailing junk after numeric literal');
  return end;
}

/** scan.l's operator rule: op_chars, cut at a comment start, trailing + and - given back. */
function operatorEnd(sql: string, i: number): number {
  let j = i;
  while (j < sql.length && isOpChar(sql.charCodeAt(j))) {
    const c = sql.charCodeAt(j);
    if (j > i && ((c === DASH && sql.charCodeAt(j - 1) === DASH) || (c === STAR && sql.charCodeAt(j - 1) === SLASH))) {
      j--;
      break;
    }
    j++;
  }
  let length = j - i;
  const last = sql.charCodeAt(i + length - 1);
  if (length > 1 && (last === PLUS || last === DASH)) {
    let special = false;
    for (let k = i; k < i + length - 1; k++) if (allowsTrailingSign(sql.charCodeAt(k))) special = true;
    if (!special) {
      do length--;
      while (length > 1 && (sql.charCodeAt(i + length - 1) === PLUS || sql.charCodeAt(i + length - 1) === DASH));
    }
  }
  return i + length;
}
