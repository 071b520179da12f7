// `strata lint --json`, written file by file. Each file's rows are serialized as soon as it
// is linted, so a run over thousands of files never holds every report (nor one object
// tree of every row) in memory, and the text is ASCII only: a non-ASCII character (an em
// dash in a message, an accent in a comment of the statement) is written as a \uXXXX escape,
// as Python's json.dumps does by default. That keeps V8 on its one-byte string paths —
// one em dash anywhere makes the whole document a two-byte string, which is slower to build
// and to encode — and the output survives any consumer's idea of its encoding.
import { LintTally, summarize, type LintSummary } from './report.ts';
import type { FileReport, Finding, Fix, RelationLock, StatementReport, TextEdit } from './types.ts';

/** One row per statement, safe ones included, in the documented `--json` shape. */
export function statementRow(report: FileReport, s: StatementReport): object {
  return {
    file: s.file,
    ...(report.revision ? { revision: report.revision } : {}),
    line: s.line,
    statement: s.statement,
    kind: s.kind,
    // RelationLock holds exactly the row's keys, optional ones absent when empty.
    locks: s.locks,
    rewrites: s.rewrites,
    scans: s.scans,
    blocksReads: s.blocksReads,
    blocksWrites: s.blocksWrites,
    transactional: s.transactional,
    assumptions: s.assumptions,
    findings: s.findings.map((f) => ({
      rule: f.rule,
      severity: f.severity,
      message: f.message,
      line: f.line,
      fix: f.fix ?? null,
    })),
  };
}

export function fileFindingRows(report: FileReport): object[] {
  return report.findings.map((f) => ({
    file: report.file,
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    line: f.line,
  }));
}

/** The whole `--json` document as one object (JsonReportWriter writes the same, file by file). */
export function jsonRows(reports: readonly FileReport[]): object {
  return {
    summary: summarize(reports),
    statements: reports.flatMap((r) => r.statements.map((s) => statementRow(r, s))),
    findings: reports.flatMap(fileFindingRows),
  };
}

const NON_ASCII = /[\u007f-\uffff]/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** JSON.stringify, with every character outside printable ASCII escaped. */
export function asciiJson(value: unknown): string {
  const text = JSON.stringify(value);
  NON_ASCII.lastIndex = 0;
  return NON_ASCII.test(text) ? text.replace(NON_ASCII, escape) : text;
}

/** Printable ASCII other than `"` and `\\`: JSON writes such a string as it is, between quotes. */
const VERBATIM = /^[ !#-[\]-~]*$/;

/** A string as asciiJson writes it; most names, kinds and modes need no escaping at all. */
function jsonString(text: string): string {
  return VERBATIM.test(text) ? `"${text}"` : asciiJson(text);
}

function jsonList<T>(items: readonly T[], item: (value: T) => string): string {
  if (items.length === 0) return '[]';
  let out = '[' + item(items[0] as T);
  for (let i = 1; i < items.length; i++) out += ',' + item(items[i] as T);
  return out + ']';
}

function lockJson(l: RelationLock): string {
  let out = '{"relation":' + jsonString(l.relation) + ',"mode":"' + l.mode + '","kind":"' + l.kind + '"';
  if (l.table !== undefined) out += ',"table":' + jsonString(l.table);
  if (l.reason !== undefined) out += ',"reason":' + jsonString(l.reason);
  if (l.isNew !== undefined) out += ',"isNew":' + l.isNew;
  return out + '}';
}

function editJson(e: TextEdit): string {
  return (
    '{"startLine":' +
    e.startLine +
    ',"startColumn":' +
    e.startColumn +
    ',"endLine":' +
    e.endLine +
    ',"endColumn":' +
    e.endColumn +
    ',"text":' +
    jsonString(e.text) +
    '}'
  );
}

function fixJson(fix: Fix | undefined): string {
  if (fix === undefined) return 'null';
  return (
    '{"description":' +
    jsonString(fix.description) +
    ',"edits":' +
    jsonList(fix.edits, editJson) +
    (fix.header ? ',"header":{"transactional":' + fix.header.transactional + '}' : '') +
    '}'
  );
}

function findingJson(f: Finding): string {
  return (
    '{"rule":' +
    jsonString(f.rule) +
    ',"severity":"' +
    f.severity +
    '","message":' +
    jsonString(f.message) +
    ',"line":' +
    f.line +
    ',"fix":' +
    fixJson(f.fix) +
    '}'
  );
}

/**
 * statementRow as asciiJson writes it, without building the row object first: the row's
 * shape is fixed, and JSON.stringify walking a fresh object per statement (then a regular
 * expression over its whole text) was most of what --json cost.
 */
export function statementJson(report: FileReport, s: StatementReport): string {
  return (
    '{"file":' +
    jsonString(s.file) +
    (report.revision ? ',"revision":' + jsonString(report.revision) : '') +
    ',"line":' +
    s.line +
    ',"statement":' +
    jsonString(s.statement) +
    ',"kind":' +
    jsonString(s.kind) +
    ',"locks":' +
    jsonList(s.locks, lockJson) +
    ',"rewrites":' +
    s.rewrites +
    ',"scans":' +
    s.scans +
    ',"blocksReads":' +
    s.blocksReads +
    ',"blocksWrites":' +
    s.blocksWrites +
    ',"transactional":' +
    s.transactional +
    ',"assumptions":' +
    jsonList(s.assumptions, jsonString) +
    ',"findings":' +
    jsonList(s.findings, findingJson) +
    '}'
  );
}

const ROW_SEPARATOR = ',\n    ';

export class JsonReportWriter {
  private readonly statementChunks: Buffer[] = [];
  private readonly findingRows: string[] = [];
  private readonly tally = new LintTally();
  /**
   * Where each report's rows went, for takeBack. Weak: a report nothing else keeps (no open
   * check can change it) is garbage as soon as its rows are written.
   */
  private readonly chunkOf = new WeakMap<FileReport, number>();

  add(report: FileReport): void {
    this.tally.add(report);
    for (const row of fileFindingRows(report)) this.findingRows.push(asciiJson(row));
    if (report.statements.length === 0) return;
    this.chunkOf.set(report, this.statementChunks.length);
    this.statementChunks.push(this.statementChunk(report, this.statementChunks.length === 0));
  }

  /**
   * A finding of a statement of a report already added was taken out of its findings (a later
   * file of a history created the foreign key's index): its rows are written again.
   */
  takeBack(report: FileReport, finding: Finding): void {
    this.tally.takeBack(finding);
    const at = this.chunkOf.get(report);
    if (at !== undefined) this.statementChunks[at] = this.statementChunk(report, at === 0);
  }

  private statementChunk(report: FileReport, first: boolean): Buffer {
    const rows: string[] = [];
    for (const s of report.statements) rows.push(statementJson(report, s));
    // ASCII by construction, so latin1 is its UTF-8 and the cheapest way to a Buffer.
    return Buffer.from((first ? '' : ROW_SEPARATOR) + rows.join(ROW_SEPARATOR), 'latin1');
  }

  summary(): LintSummary {
    return this.tally.summary();
  }

  /**
   * The document: a summary, then one statement per line (greppable, and no bigger than it
   * needs to be), then the findings outside statements; `extra` keys after those. In pieces,
   * each file's rows a Buffer of its own, made as soon as the file was linted: 9 MB of rows
   * kept as strings until the end cost more garbage collection than they do off the heap,
   * and concatenated they would be copied once more.
   */
  finish(extra: Readonly<Record<string, unknown>> = {}): Buffer[] {
    const list = (rows: readonly string[]): string =>
      rows.length === 0 ? '[]' : `[\n    ${rows.join(ROW_SEPARATOR)}\n  ]`;
    const head =
      `{\n  "summary": ${asciiJson(this.tally.summary())},\n` +
      `  "statements": [${this.statementChunks.length === 0 ? '' : '\n    '}`;
    const tail = [
      `${this.statementChunks.length === 0 ? '' : '\n  '}],\n  "findings": ${list(this.findingRows)}`,
      ...Object.entries(extra).map(([key, value]) => `,\n  ${asciiJson(key)}: ${asciiJson(value)}`),
      '\n}\n',
    ].join('');
    return [Buffer.from(head, 'latin1'), ...this.statementChunks, Buffer.from(tail, 'latin1')];
  }
}
