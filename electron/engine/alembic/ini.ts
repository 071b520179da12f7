// alembic.ini as Python's ConfigParser reads it, which is how Alembic reads it: sections,
// `key = value` or `key: value` (keys lower-cased), indented continuation lines, full-line
// comments only (an inline `# …` stays in the value: the version_path_separator trap of
// alembic.md §11), and BasicInterpolation (`%(here)s`, `%(key)s` from the same section or
// DEFAULT, `%%` for a percent sign), with `here` = the file's folder as Alembic passes it.

export interface IniValue {
  readonly raw: string;
  readonly line: number;
}

export interface IniFile {
  readonly file: string;
  /** Section name → key → value; the DEFAULT section under 'DEFAULT'. */
  readonly sections: ReadonlyMap<string, ReadonlyMap<string, IniValue>>;
}

export class IniError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'IniError';
  }
}

const SECTION = /^\[([^\]]+)\]/;

export function parseIni(text: string, file: string): IniFile {
  const sections = new Map<string, Map<string, { raw: string; line: number }>>();
  sections.set('DEFAULT', new Map());
  let section: Map<string, { raw: string; line: number }> | undefined;
  let current: { key: string; indent: number; lines: string[]; line: number } | undefined;
  const flush = (): void => {
    if (!current || !section) return;
    // ConfigParser keeps blank lines inside a value but not at its end.
    while (current.lines.length > 1 && (current.lines[current.lines.length - 1] as string).trim() === '')
      current.lines.pop();
    section.set(current.key, { raw: current.lines.join('\n'), line: current.line });
    current = undefined;
  };
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const stripped = raw.trim();
    const indent = raw.length - raw.trimStart().length;
    if (stripped.startsWith('#') || stripped.startsWith(';')) return;
    if (stripped === '') {
      if (current) current.lines.push('');
      return;
    }
    if (current && indent > current.indent) {
      current.lines.push(stripped);
      return;
    }
    flush();
    const header = SECTION.exec(stripped);
    if (header && indent === 0) {
      const name = header[1] as string;
      section = sections.get(name) ?? new Map();
      sections.set(name, section);
      return;
    }
    if (!section) throw new IniError(file, lineNo, `'${stripped}' comes before any [section] header`);
    const cut = firstDelimiter(stripped);
    if (cut < 0)
      throw new IniError(file, lineNo, `'${stripped}' is neither a [section], a 'key = value' line nor a comment`);
    const key = stripped.slice(0, cut).trim().toLowerCase();
    current = { key, indent, lines: [stripped.slice(cut + 1).trim()], line: lineNo };
  });
  flush();
  return { file, sections };
}

function firstDelimiter(text: string): number {
  const eq = text.indexOf('=');
  const colon = text.indexOf(':');
  if (eq < 0) return colon;
  if (colon < 0) return eq;
  return Math.min(eq, colon);
}

/** A section's value with BasicInterpolation; undefined when the key is in neither it nor DEFAULT. */
export function iniGet(
  ini: IniFile,
  sectionName: string,
  key: string,
  defaults: Readonly<Record<string, string>> = {},
): string | undefined {
  const found = lookup(ini, sectionName, key.toLowerCase(), defaults);
  if (found === undefined) return undefined;
  return interpolate(ini, sectionName, found, defaults, 1);
}

/** The line a key is written on (for problems), or 0. */
export function iniLine(ini: IniFile, sectionName: string, key: string): number {
  return (
    ini.sections.get(sectionName)?.get(key.toLowerCase())?.line ??
    ini.sections.get('DEFAULT')?.get(key.toLowerCase())?.line ??
    0
  );
}

function lookup(
  ini: IniFile,
  sectionName: string,
  key: string,
  defaults: Readonly<Record<string, string>>,
): IniValue | undefined {
  const own = ini.sections.get(sectionName)?.get(key) ?? ini.sections.get('DEFAULT')?.get(key);
  if (own) return own;
  const fallback = defaults[key];
  return fallback === undefined ? undefined : { raw: fallback, line: 0 };
}

/** ConfigParser's MAX_INTERPOLATION_DEPTH. */
const MAX_DEPTH = 10;

function interpolate(
  ini: IniFile,
  sectionName: string,
  value: IniValue,
  defaults: Readonly<Record<string, string>>,
  depth: number,
): string {
  if (depth > MAX_DEPTH)
    throw new IniError(ini.file, value.line, `interpolation nested more than ${MAX_DEPTH} deep in '${value.raw}'`);
  let out = '';
  const raw = value.raw;
  for (let i = 0; i < raw.length;) {
    const at = raw.indexOf('%', i);
    if (at < 0) {
      out += raw.slice(i);
      break;
    }
    out += raw.slice(i, at);
    const next = raw[at + 1];
    if (next === '%') {
      out += '%';
      i = at + 2;
      continue;
    }
    const ref = /^%\(([^)]+)\)s/.exec(raw.slice(at));
    if (!ref) throw new IniError(ini.file, value.line, `'%' must be followed by '%' or '(name)s' in '${raw}'`);
    const name = (ref[1] as string).toLowerCase();
    const target = lookup(ini, sectionName, name, defaults);
    if (!target)
      throw new IniError(ini.file, value.line, `'%(${name})s' names no key of [${sectionName}] or [DEFAULT]`);
    out += target.line === 0 ? target.raw : interpolate(ini, sectionName, target, defaults, depth + 1);
    i = at + ref[0].length;
  }
  return out;
}
