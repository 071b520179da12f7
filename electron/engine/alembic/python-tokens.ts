// Just enough of Python's tokenizer to read a revision module's top-level assignments without
// running it: logical lines (brackets and backslashes join physical lines), their indent,
// string literals of every prefix and quote style (decoded), names, numbers and operators.
// Comments are dropped. What it cannot tokenize is a problem with its line, as Python's
// SyntaxError would be — but this never executes anything.

export type Token =
  | { readonly kind: 'name'; readonly text: string; readonly line: number }
  | { readonly kind: 'number'; readonly text: string; readonly line: number }
  | {
      readonly kind: 'string';
      readonly text: string;
      readonly value: string;
      readonly prefix: string;
      readonly line: number;
    }
  | { readonly kind: 'op'; readonly text: string; readonly line: number };

export interface LogicalLine {
  /** Columns of indentation of its first physical line. */
  readonly indent: number;
  readonly line: number;
  readonly tokens: readonly Token[];
}

export class PythonSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'PythonSyntaxError';
  }
}

const NAME = /[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/uy;
const NUMBER = /(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?[jJ]?)/y;
const STRING_PREFIX = /(?:[rR][bBfF]?|[bBfF][rR]?|[uU])?(?='|")/y;
const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '**',
  '//',
  '<<',
  '>>',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
];

export function tokenize(source: string): LogicalLine[] {
  const text = source.replace(/\r\n?/g, '\n');
  const lines: LogicalLine[] = [];
  let tokens: Token[] = [];
  let depth = 0;
  let line = 1;
  let indent = 0;
  let startLine = 1;
  let atLineStart = true;
  const openers: { char: string; line: number }[] = [];
  const endLogical = (): void => {
    if (tokens.length > 0) lines.push({ indent, line: startLine, tokens });
    tokens = [];
    atLineStart = true;
  };
  let i = 0;
  if (text.startsWith('\ufeff')) i = 1;
  while (i < text.length) {
    const c = text[i] as string;
    if (atLineStart && depth === 0) {
      // Measure the indent; a line of only blanks or a comment does not start a statement.
      let col = 0;
      while (text[i] === ' ' || text[i] === '\t' || text[i] === '\f') {
        col = text[i] === '\t' ? (Math.floor(col / 8) + 1) * 8 : col + 1;
        i++;
      }
      if (text[i] === '\n') {
        line++;
        i++;
        continue;
      }
      if (text[i] === '#') {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      if (i >= text.length) break;
      indent = col;
      startLine = line;
      atLineStart = false;
      continue;
    }
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) endLogical();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        line++;
        continue;
      }
      throw new PythonSyntaxError(line, 'unexpected character after line continuation character');
    }
    STRING_PREFIX.lastIndex = i;
    const prefix = STRING_PREFIX.exec(text);
    if (prefix) {
      const read = readString(text, i + prefix[0].length, prefix[0], line);
      tokens.push({
        kind: 'string',
        text: text.slice(i, read.end),
        value: read.value,
        prefix: prefix[0].toLowerCase(),
        line,
      });
      line += read.newlines;
      i = read.end;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], line });
      i += name[0].length;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = /[0-9.]/.test(c) ? NUMBER.exec(text) : null;
    if (number && number[0] !== '' && number[0] !== '.') {
      tokens.push({ kind: 'number', text: number[0], line });
      i += number[0].length;
      continue;
    }
    if ('([{'.includes(c)) {
      depth++;
      openers.push({ char: c, line });
    } else if (')]}'.includes(c)) {
      const open = openers.pop();
      if (!open) throw new PythonSyntaxError(line, `unmatched '${c}'`);
      if ('([{'.indexOf(open.char) !== ')]}'.indexOf(c))
        throw new PythonSyntaxError(
          line,
          `closing parenthesis '${c}' does not match opening parenthesis '${open.char}' on line ${open.line}`,
        );
      depth--;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i)) ?? c;
    tokens.push({ kind: 'op', text: op, line });
    i += op.length;
  }
  const open = openers.pop();
  if (open) throw new PythonSyntaxError(open.line, `'${open.char}' was never closed`);
  endLogical();
  return lines;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

function readString(
  text: string,
  from: number,
  prefix: string,
  line: number,
): { value: string; end: number; newlines: number } {
  const quote = text[from] as string;
  const triple = text.startsWith(quote.repeat(3), from);
  const close = triple ? quote.repeat(3) : quote;
  const raw = /r/i.test(prefix);
  let i = from + close.length;
  let value = '';
  let newlines = 0;
  while (i < text.length) {
    if (text.startsWith(close, i)) return { value, end: i + close.length, newlines };
    const c = text[i] as string;
    if (c === '\n') {
      if (!triple) throw new PythonSyntaxError(line + newlines, 'unterminated string literal');
      newlines++;
    }
    if (c === '\\' && i + 1 < text.length) {
      const e = text[i + 1] as string;
      if (e === '\n') newlines++;
      if (raw) {
        value += c + e;
        i += 2;
        continue;
      }
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        value += simple;
        i += 2;
        continue;
      }
      const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
      if (
        hex > 0 &&
        /^[0-9a-fA-F]+$/.test(text.slice(i + 2, i + 2 + hex)) &&
        text.slice(i + 2, i + 2 + hex).length === hex
      ) {
        value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hex), 16));
        i += 2 + hex;
        continue;
      }
      const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
      if (octal) {
        value += String.fromCharCode(parseInt(octal[0], 8));
        i += 1 + octal[0].length;
        continue;
      }
      // An unknown escape keeps its backslash, as Python does.
      value += c + e;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw new PythonSyntaxError(
    line,
    triple ? 'unterminated triple-quoted string literal' : 'unterminated string literal',
  );
}
