// The [tool.alembic] table of a pyproject.toml (Alembic 1.16+): the few TOML forms its keys
// take — strings (basic and literal), arrays of strings over several lines, booleans and
// integers. Other tables are passed over; a value of another shape in [tool.alembic] is a
// problem naming its line, never a guess.
import { IniError } from './ini.ts';

export type TomlValue = string | boolean | number | readonly string[];

export interface TomlEntry {
  readonly value: TomlValue;
  readonly line: number;
}

/** The keys of [tool.alembic], or undefined when the file has no such table. */
export function readToolAlembic(text: string, file: string): ReadonlyMap<string, TomlEntry> | undefined {
  const lines = text.split(/\r?\n/);
  let inTable = false;
  let found = false;
  const out = new Map<string, TomlEntry>();
  for (let i = 0; i < lines.length; i++) {
    const stripped = stripComment(lines[i] as string).trim();
    if (stripped === '') continue;
    if (stripped.startsWith('[')) {
      inTable = /^\[\s*tool\s*\.\s*alembic\s*\]$/.test(stripped);
      found ||= inTable;
      continue;
    }
    if (!inTable) continue;
    const eq = stripped.indexOf('=');
    if (eq < 0) throw new IniError(file, i + 1, `'${stripped}' in [tool.alembic] is not 'key = value'`);
    const key = unquoteKey(stripped.slice(0, eq).trim());
    let valueText = stripped.slice(eq + 1).trim();
    const start = i;
    // An array may run over several lines: gather them until its brackets close.
    if (valueText.startsWith('[')) {
      while (!bracketsClosed(valueText) && i + 1 < lines.length) valueText += '\n' + stripComment(lines[++i] as string);
    }
    out.set(key, { value: parseValue(valueText.trim(), file, start + 1), line: start + 1 });
  }
  return found ? out : undefined;
}

function unquoteKey(key: string): string {
  return /^"(.*)"$|^'(.*)'$/.test(key) ? key.slice(1, -1) : key;
}

/**
 * Calls `visit` with each character outside a string and its index; stops where it returns
 * true and gives that index (-1: never).
 */
function scanOutsideStrings(text: string, visit: (c: string, i: number) => boolean): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (visit(c, i)) return i;
  }
  return -1;
}

/** The line without its `# comment`, a `#` inside a string kept. */
function stripComment(line: string): string {
  const at = scanOutsideStrings(line, (c) => c === '#');
  return at < 0 ? line : line.slice(0, at);
}

function bracketsClosed(text: string): boolean {
  let depth = 0;
  scanOutsideStrings(text, (c) => {
    if (c === '[') depth++;
    else if (c === ']') depth--;
    return false;
  });
  return depth <= 0;
}

function parseValue(text: string, file: string, line: number): TomlValue {
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^[+-]?\d+$/.test(text)) return Number(text);
  if (text.startsWith('[')) {
    const items: string[] = [];
    let rest = text.slice(1).trim();
    while (!rest.startsWith(']')) {
      const s = readString(rest, file, line);
      items.push(s.value);
      rest = rest.slice(s.length).trim();
      if (rest.startsWith(',')) rest = rest.slice(1).trim();
      else if (!rest.startsWith(']')) throw new IniError(file, line, `expected ',' or ']' in the array '${text}'`);
    }
    return items;
  }
  const s = readString(text, file, line);
  if (text.slice(s.length).trim() !== '')
    throw new IniError(file, line, `unexpected text after the string in '${text}'`);
  return s.value;
}

const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', b: '\b', f: '\f' };

function readString(text: string, file: string, line: number): { value: string; length: number } {
  const quote = text[0];
  if (quote === "'") {
    const end = text.indexOf("'", 1);
    if (end < 0) throw new IniError(file, line, `unterminated string in '${text}'`);
    return { value: text.slice(1, end), length: end + 1 };
  }
  if (quote !== '"')
    throw new IniError(
      file,
      line,
      `expected a string, a boolean, a whole number or an array of strings, not '${text}'`,
    );
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '"') return { value, length: i + 1 };
    if (c === '\\') {
      const e = text[++i] as string;
      if (e === 'u' || e === 'U') {
        const width = e === 'u' ? 4 : 8;
        value += String.fromCodePoint(parseInt(text.slice(i + 1, i + 1 + width), 16));
        i += width;
      } else value += ESCAPES[e] ?? e;
    } else value += c;
  }
  throw new IniError(file, line, `unterminated string in '${text}'`);
}
