// The names PostgreSQL gives unnamed indexes and constraints (indexcmds.c ChooseIndexName,
// makeObjectName), so that a later `DROP INDEX child_email_idx` or a fix's
// `VALIDATE CONSTRAINT child_n_check` refers to what the server really created.
const NAMEDATALEN = 64;

function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** Cuts to at most `bytes` UTF-8 bytes without splitting a character (pg_mbcliplen). */
function clip(s: string, bytes: number): string {
  // Counted per code point as UTF-8 encodes it (a lone surrogate as the 3-byte U+FFFD).
  let used = 0;
  let i = 0;
  while (i < s.length) {
    const code = s.codePointAt(i) as number;
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (used + width > bytes) break;
    used += width;
    i += code >= 0x10000 ? 2 : 1;
  }
  return s.slice(0, i);
}

export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  let overhead = 0;
  let name1chars = byteLength(name1);
  let name2chars = 0;
  if (name2 !== undefined) {
    name2chars = byteLength(name2);
    overhead++;
  }
  if (label !== undefined) overhead += byteLength(label) + 1;
  const avail = NAMEDATALEN - 1 - overhead;
  // Truncate the longer part first, one byte at a time, as PostgreSQL does.
  while (name1chars + name2chars > avail) {
    if (name1chars > name2chars) name1chars--;
    else name2chars--;
  }
  let result = clip(name1, name1chars);
  if (name2 !== undefined) result += `_${clip(name2, name2chars)}`;
  if (label !== undefined) result += `_${label}`;
  return result;
}

/** makeObjectName, then name1, name2… on the label until `taken` says no. */
export function chooseName(
  name1: string,
  name2: string | undefined,
  label: string,
  taken: (name: string) => boolean,
): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken(name) || pass > 1000) return name;
  }
}

/** Column names joined with `_` and cut at NAMEDATALEN (ChooseIndexNameAddition). */
export function nameAddition(columns: readonly string[]): string {
  let out = '';
  for (const c of columns) {
    if (out !== '') out += '_';
    out += c;
    if (byteLength(out) >= NAMEDATALEN) break;
  }
  return clip(out, NAMEDATALEN - 1);
}

export function indexName(
  table: string,
  columns: readonly string[],
  kind: 'primary' | 'unique' | 'exclude' | 'index',
  taken: (name: string) => boolean,
): string {
  switch (kind) {
    case 'primary':
      return chooseName(table, undefined, 'pkey', taken);
    case 'unique':
      return chooseName(table, nameAddition(columns), 'key', taken);
    case 'exclude':
      return chooseName(table, nameAddition(columns), 'excl', taken);
    case 'index':
      return chooseName(table, nameAddition(columns), 'idx', taken);
  }
}

export function constraintName(
  table: string,
  columns: readonly string[],
  label: 'check' | 'fkey' | 'not_null',
  taken: (name: string) => boolean,
): string {
  return chooseName(table, columns.length > 0 ? nameAddition(columns) : undefined, label, taken);
}
