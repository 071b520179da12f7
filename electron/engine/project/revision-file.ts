// The revision file format (DESIGN.md, "The native project format"): `-- strata:` header
// lines, then an upgrade section and an optional downgrade section of plain SQL.
// Parsing keeps a layout of the original lines so that reading then writing a file gives
// back the same bytes; only lines whose value changed are re-rendered.
import * as crypto from 'node:crypto';
import { REVISION_ID_PATTERN, asRevisionId, type RevisionId } from '../../../shared/model/revision.ts';
import type { ProjectProblem } from './errors.ts';

export interface RevisionFileData {
  readonly id: RevisionId;
  readonly parents: readonly RevisionId[];
  readonly dependsOn: readonly RevisionId[];
  readonly branchLabels: readonly string[];
  readonly message: string;
  readonly created: string | undefined;
  readonly transactional: boolean;
  readonly upgradeSql: string;
  readonly downgradeSql: string | undefined;
}

type HeaderKey = 'revision' | 'parents' | 'depends-on' | 'branch-labels' | 'message' | 'created' | 'transactional';
const HEADER_ORDER: readonly HeaderKey[] = [
  'revision',
  'parents',
  'depends-on',
  'branch-labels',
  'message',
  'created',
  'transactional',
];

type HeaderLine =
  | { readonly kind: 'header'; readonly key: HeaderKey; readonly value: string; readonly raw: string }
  | { readonly kind: 'other'; readonly raw: string };

/** How the file was written, so an unchanged field is written back byte for byte. */
export interface RevisionLayout {
  readonly eol: string;
  readonly header: readonly HeaderLine[];
  readonly upgradeMarker: string;
  readonly downgradeMarker: string | undefined;
}

export interface ParsedRevisionFile {
  readonly data: RevisionFileData;
  readonly layout: RevisionLayout;
  /** 1-based line numbers, for error messages. */
  readonly lines: { readonly [K in HeaderKey]?: number } & {
    readonly upgrade: number;
    readonly downgrade: number | undefined;
  };
}

export type ParseResult =
  | { readonly ok: true; readonly file: ParsedRevisionFile }
  | { readonly ok: false; readonly problems: readonly ProjectProblem[] };

// The key is any run of non-blanks, so that a misspelt header (`strata:depends_on`) is
// reported as unknown instead of being read as a plain comment and silently dropped.
const HEADER_LINE = /^--\s*strata:(\S*)(?:[ \t]+(.*?))?[ \t]*$/;

/** A line's text without its line ending. */
function stripEol(line: string): string {
  return line.endsWith('\r\n') ? line.slice(0, -2) : line.endsWith('\n') ? line.slice(0, -1) : line;
}

/** Whether a UTF-16 code unit can start a line that, trimmed, begins with '--' (a marker). */
function mayStartComment(code: number): boolean {
  // '-' itself, or any whitespace String.prototype.trim removes (ASCII blanks, NBSP, BOM,
  // the Unicode spaces and separators all sit at or above U+00A0).
  return code === 45 || code === 32 || (code >= 9 && code <= 13) || code >= 0xa0;
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0 && v !== 'none');
}

/** What loading a project needs of a file: its fields and line numbers, not its layout. */
export interface RevisionFileFields {
  readonly data: RevisionFileData;
  readonly lines: ParsedRevisionFile['lines'];
  /** Where the SQL bodies sit in the text (data's SQL strings are these slices); -1: no downgrade. */
  readonly bodies: { readonly upgradeStart: number; readonly upgradeEnd: number; readonly downgradeStart: number };
}

export type FieldsResult =
  | { readonly ok: true; readonly file: RevisionFileFields }
  | { readonly ok: false; readonly problems: readonly ProjectProblem[] };

export function parseRevisionFile(text: string, file: string): ParseResult {
  const header: HeaderLine[] = [];
  const scanned = scan(text, file, header);
  if (!scanned.ok) return scanned;
  const { data, lines, eol, upgradeMarker, downgradeMarker } = scanned;
  return { ok: true, file: { data, lines, layout: { eol, header, upgradeMarker, downgradeMarker } } };
}

/** parseRevisionFile without the layout (kept only to write a file back): what a load needs. */
export function readRevisionFields(text: string, file: string): FieldsResult {
  const scanned = scan(text, file, null);
  return scanned.ok
    ? { ok: true, file: { data: scanned.data, lines: scanned.lines, bodies: scanned.bodies } }
    : scanned;
}

type ScanResult =
  | { readonly ok: false; readonly problems: readonly ProjectProblem[] }
  | {
      readonly ok: true;
      readonly data: RevisionFileData;
      readonly lines: ParsedRevisionFile['lines'];
      readonly bodies: RevisionFileFields['bodies'];
      readonly eol: string;
      readonly upgradeMarker: string;
      readonly downgradeMarker: string | undefined;
    };

/** One pass over a file; header lines are collected into `header` when a layout is wanted. */
function scan(text: string, file: string, header: HeaderLine[] | null): ScanResult {
  const problems: ProjectProblem[] = [];
  const problem = (line: number, message: string): void => {
    problems.push({ file, line, message });
  };
  // One pass over the text by line offsets, without splitting it into an array of lines:
  // loading 10,000 revisions parses 10,000 files, and the SQL lines are only looked at to
  // see whether they are section markers.
  const values: Partial<Record<HeaderKey, string>> = {};
  const lineOf: Partial<Record<HeaderKey, number>> = {};
  let upgradeAt = -1;
  let downgradeAt = -1;
  let upgradeMarker = '';
  let downgradeMarker: string | undefined;
  let upgradeStart = 0;
  let downgradeMarkerStart = text.length;
  let downgradeStart = text.length;
  let eol = '\n';
  let i = 0;
  for (let pos = 0; pos < text.length; i++) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl + 1;
    const start = pos;
    pos = end;
    if (i === 0 && nl > 0 && text.charCodeAt(nl - 1) === 13) eol = '\r\n';
    // In the sections only a comment line can be a marker: plain SQL is skipped unread.
    if (upgradeAt >= 0 && !mayStartComment(text.charCodeAt(start))) continue;
    const raw = text.slice(start, end);
    const line = stripEol(raw).trim();
    if (upgradeAt >= 0 && !line.startsWith('--')) continue;
    const match = HEADER_LINE.exec(line);
    if (upgradeAt < 0) {
      if (match) {
        const key = match[1] as string;
        if (key === 'upgrade') {
          upgradeAt = i;
          upgradeMarker = raw;
          upgradeStart = end;
          continue;
        }
        if (key === 'downgrade') {
          problem(i + 1, "'-- strata:downgrade' comes before '-- strata:upgrade'");
          continue;
        }
        if (!(HEADER_ORDER as readonly string[]).includes(key)) {
          problem(i + 1, `unknown header '-- strata:${key}' (known: ${HEADER_ORDER.join(', ')})`);
          continue;
        }
        const headerKey = key as HeaderKey;
        if (values[headerKey] !== undefined) {
          problem(i + 1, `header '${key}' appears twice (first on line ${lineOf[headerKey]})`);
          continue;
        }
        values[headerKey] = match[2] ?? '';
        lineOf[headerKey] = i + 1;
        header?.push({ kind: 'header', key: headerKey, value: match[2] ?? '', raw });
      } else if (line === '' || line.startsWith('--')) {
        header?.push({ kind: 'other', raw });
      } else {
        problem(i + 1, "SQL before '-- strata:upgrade': every statement belongs to the upgrade or downgrade section");
      }
    } else if (match && (match[1] === 'upgrade' || match[1] === 'downgrade')) {
      if (match[1] === 'upgrade') problem(i + 1, "a second '-- strata:upgrade' section");
      else if (downgradeAt >= 0) problem(i + 1, "a second '-- strata:downgrade' section");
      else {
        downgradeAt = i;
        downgradeMarker = raw;
        downgradeMarkerStart = start;
        downgradeStart = end;
      }
    }
  }
  const lineCount = i;

  const idValue = values.revision?.trim() ?? '';
  if (values.revision === undefined) problem(1, "missing '-- strata:revision <id>' header");
  else if (!REVISION_ID_PATTERN.test(idValue))
    problem(lineOf.revision ?? 1, `revision id '${idValue}' must be 1-32 characters of 0-9, a-z and _`);
  if (upgradeAt < 0) problem(lineCount || 1, "no '-- strata:upgrade' section");

  const transactionalValue = values.transactional?.trim();
  if (transactionalValue !== undefined && transactionalValue !== 'true' && transactionalValue !== 'false') {
    problem(lineOf.transactional ?? 1, `'transactional' must be true or false, not '${transactionalValue}'`);
  }
  const lists = {
    parents: splitList(values.parents ?? ''),
    dependsOn: splitList(values['depends-on'] ?? ''),
    labels: splitList(values['branch-labels'] ?? ''),
  };
  for (const [key, list] of [
    ['parents', lists.parents],
    ['depends-on', lists.dependsOn],
  ] as const) {
    for (const ref of list) {
      if (!REVISION_ID_PATTERN.test(ref)) problem(lineOf[key] ?? 1, `'${ref}' in ${key} is not a revision id`);
    }
  }
  for (const label of lists.labels) {
    if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(label))
      problem(
        lineOf['branch-labels'] ?? 1,
        `branch label '${label}' must start with a letter and contain only letters, digits, '_' and '.'`,
      );
  }
  if (problems.length > 0) return { ok: false, problems };

  const data: RevisionFileData = {
    id: asRevisionId(idValue),
    parents: lists.parents.map(asRevisionId),
    dependsOn: lists.dependsOn.map(asRevisionId),
    branchLabels: lists.labels,
    message: values.message?.trim() ?? '',
    created: values.created?.trim() || undefined,
    transactional: transactionalValue !== 'false',
    upgradeSql: text.slice(upgradeStart, downgradeMarkerStart),
    downgradeSql: downgradeMarker !== undefined ? text.slice(downgradeStart) : undefined,
  };
  const lines = { ...lineOf, upgrade: upgradeAt + 2, downgrade: downgradeAt >= 0 ? downgradeAt + 2 : undefined };
  const bodies = {
    upgradeStart,
    upgradeEnd: downgradeMarkerStart,
    downgradeStart: downgradeMarker !== undefined ? downgradeStart : -1,
  };
  return { ok: true, data, lines, bodies, eol, upgradeMarker, downgradeMarker };
}

function headerValue(data: RevisionFileData, key: HeaderKey): string | undefined {
  switch (key) {
    case 'revision':
      return data.id;
    case 'parents':
      return data.parents.length > 0 ? data.parents.join(', ') : undefined;
    case 'depends-on':
      return data.dependsOn.length > 0 ? data.dependsOn.join(', ') : undefined;
    case 'branch-labels':
      return data.branchLabels.length > 0 ? data.branchLabels.join(', ') : undefined;
    case 'message':
      // An empty message is the default, like an absent header: no `-- strata:message ` line.
      return data.message === '' ? undefined : data.message;
    case 'created':
      return data.created;
    case 'transactional':
      return data.transactional ? undefined : 'false';
  }
}

/**
 * Whether a header line as written still means what the data says. Compared by meaning, not
 * by rendering, so that `parents none`, an empty `created` or `transactional true` (all
 * defaults that render as no line) are kept byte for byte when unchanged.
 */
function sameValue(key: HeaderKey, written: string, data: RevisionFileData): boolean {
  const sameList = (list: readonly string[]): boolean => splitList(written).join(',') === list.join(',');
  switch (key) {
    case 'revision':
      return written.trim() === data.id;
    case 'parents':
      return sameList(data.parents);
    case 'depends-on':
      return sameList(data.dependsOn);
    case 'branch-labels':
      return sameList(data.branchLabels);
    case 'message':
      return written.trim() === data.message;
    case 'created':
      return (written.trim() || undefined) === data.created;
    case 'transactional':
      return (written.trim() !== 'false') === data.transactional;
  }
}

/** Writes a revision file. With the layout it was read with, unchanged lines keep their bytes. */
export function renderRevisionFile(data: RevisionFileData, layout?: RevisionLayout): string {
  const eol = layout?.eol ?? '\n';
  const line = (key: HeaderKey, value: string): string => `-- strata:${key} ${value}${eol}`;
  const withEol = (sql: string): string => (sql === '' || sql.endsWith('\n') ? sql : sql + eol);
  if (!layout) {
    const head = HEADER_ORDER.flatMap((key) => {
      const value = headerValue(data, key);
      return value === undefined ? [] : [line(key, value)];
    }).join('');
    const upgrade = `${eol}-- strata:upgrade${eol}${withEol(data.upgradeSql)}`;
    const downgrade =
      data.downgradeSql === undefined ? '' : `${eol}-- strata:downgrade${eol}${withEol(data.downgradeSql)}`;
    return head + upgrade + downgrade;
  }
  const out: string[] = [];
  const written = new Set<HeaderKey>();
  let lastHeaderIndex = -1;
  for (const entry of layout.header) {
    if (entry.kind === 'other') {
      out.push(entry.raw);
      continue;
    }
    written.add(entry.key);
    const value = headerValue(data, entry.key);
    if (sameValue(entry.key, entry.value, data)) out.push(entry.raw);
    else if (value !== undefined) out.push(line(entry.key, value));
    else continue; // changed back to its default: the line goes
    lastHeaderIndex = out.length - 1;
  }
  const added = HEADER_ORDER.filter((key) => !written.has(key)).flatMap((key) => {
    const value = headerValue(data, key);
    return value === undefined ? [] : [line(key, value)];
  });
  out.splice(lastHeaderIndex + 1, 0, ...added);
  // A marker or section read at the very end of a file may lack a line ending; new text after
  // it must not be glued onto it (`SELECT 1;-- strata:downgrade` would lose the section).
  // Unchanged files never take these branches, so their bytes stay as they were.
  out.push(data.upgradeSql === '' ? layout.upgradeMarker : withEol(layout.upgradeMarker));
  if (data.downgradeSql === undefined) out.push(data.upgradeSql);
  else {
    out.push(withEol(data.upgradeSql));
    const marker = layout.downgradeMarker ?? `${eol}-- strata:downgrade${eol}`;
    out.push(data.downgradeSql === '' ? marker : withEol(marker), data.downgradeSql);
  }
  return out.join('');
}

/**
 * sha256 in one call (crypto.hash, Node ≥ 20.12 and Electron's Node): every load checksums each
 * revision, and for 1,000 short revisions in a fresh process it took about two thirds of the
 * CPU of a createHash object per revision. createHash on an older Node 20.
 */
const sha256Hex: (text: string) => string =
  // A namespace, not a named import: on a Node without it, an ESM import of `hash` fails to link.
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text)
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/** sha256 over the SQL a revision runs; line endings and trailing blanks do not count as an edit. */
export function revisionChecksum(data: Pick<RevisionFileData, 'upgradeSql' | 'downgradeSql'>): string {
  const normalize = (sql: string): string => sql.replace(/[ \t\r\f\v]+$/gm, '').trim();
  return sha256Hex(`${normalize(data.upgradeSql)}\0${normalize(data.downgradeSql ?? '')}`);
}

export function slugify(message: string): string {
  const slug = message
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
    .replace(/_+$/, '');
  return slug || 'revision';
}
