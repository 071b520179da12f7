// Lints one section of SQL (a revision's upgrade, or a file of bare statements) statement
// by statement. Each statement is parsed, its effects analyzed against the schema model as
// it stands, the rules run, suppressions and levels applied; then the statement is replayed
// onto the model so that the next one sees what it created.
import type { Node } from 'libpg-query';
import { Effects, type AnalyzerContext, type LockEntry } from './analyze/effects.ts';
import { analyzeNode, statementKind } from './analyze/statement.ts';
import { commandsOf } from './analyze/alter-table.ts';
import { blocksReads, blocksWrites } from './lock-modes.ts';
import { stronger } from '../../../shared/model/lock-mode.ts';
import { StatementFixes } from './fixes.ts';
import { nameList, nodeAs, nodeKind, relFromNames, relName, type ParsedStatement } from './parse.ts';
import { durationMs } from './rule-helpers.ts';
import type { TransactionMode } from './runners.ts';
import { parseSection } from './parse-section.ts';
import { rulesFor } from './registry.ts';
import {
  BUILTIN_RULES,
  type LintDialect,
  type RevisionState,
  type Rule,
  type RuleContext,
  type RuleHit,
  type StatementAnalysis,
} from './rule.ts';
import { applyToModel } from './schema/apply.ts';
import { displayName, relationKey, type SchemaModel } from './schema/model.ts';
import type { Volatility } from './schema/volatility.ts';
import { sectionStatements, type Section, type SourceStatement } from '../sql/source.ts';
import { parseIgnore, Suppressions, type IgnoreDirective } from './suppress.ts';
import { analyzeSqlite } from './sqlite/analyze.ts';
import { SqliteScratch } from './sqlite/syntax.ts';
import type { FileReport, Finding, RelationLock, RuleLevel, Severity, StatementReport } from './types.ts';

/**
 * Most statements have no finding or assumption, and some no lock: they share one empty list.
 * Reports are kept until the run prints them, so fewer objects per report is less to copy
 * at every garbage collection.
 */
const NONE: readonly never[] = Object.freeze([]);

/** For building a report object key by key (optional keys only when present). */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const DEFAULT_PG_VERSION = 18;
export const DEFAULT_SQLITE_VERSION = '3.45.0';

export interface LintOptions {
  readonly dialect?: LintDialect;
  /** PostgreSQL major version the revisions will run on (fast defaults, NOT NULL shortcut…). */
  readonly pgVersion?: number;
  readonly sqliteVersion?: string;
  /** Levels from strata.json `lint.rules`. */
  readonly rules?: Readonly<Record<string, RuleLevel>>;
  /** The runner sets lock_timeout for the whole run (`--lock-timeout`). */
  readonly lockTimeoutFromRunner?: boolean;
  /** The runner sets statement_timeout for the whole run (`--statement-timeout`), in milliseconds. */
  readonly statementTimeoutFromRunner?: number;
  /**
   * `--transactional` / `--no-transactional`: plain files run in one transaction, or not, whatever their runner's
   * convention.
   */
  readonly transactional?: boolean;
  /** Session TimeZone is UTC (timestamp ↔ timestamptz without rewrite); unknown by default. */
  readonly utcSession?: boolean;
  readonly volatility?: (name: string) => Volatility | undefined;
}

export interface LintTarget {
  readonly file: string;
  readonly section: Section;
  readonly transactional: boolean;
  /** A plain file: how its runner wraps it in a transaction (overrides `transactional`). */
  readonly mode?: TransactionMode;
  readonly runner?: string | undefined;
  readonly isRevision: boolean;
  readonly revision?: string;
}

function sqliteVersionOf(text: string | undefined): [number, number, number] {
  const parts = (text ?? DEFAULT_SQLITE_VERSION).split('.').map((p) => Number.parseInt(p, 10) || 0);
  return [parts[0] ?? 3, parts[1] ?? 0, parts[2] ?? 0];
}

/** Replays SQL onto the model without linting it: earlier revisions, or a setup script. */
export function replaySql(model: SchemaModel, sql: string): void {
  for (const parsed of parseSection(sql, sectionStatements({ text: sql, firstLine: 1 }))) {
    if (parsed.ok) for (const node of parsed.nodes) applyToModel(model, node, false);
  }
}

/** A finding decided at the end (RuleHit.unlessAtEnd), in the findings list it went into. */
export interface EndCheck {
  readonly findings: Finding[];
  readonly finding: Finding;
  readonly resolved: NonNullable<RuleHit['unlessAtEnd']>;
}

/**
 * `carry`: the section is part of a history (history.ts). Checks still unresolved at its end
 * are handed to it, findings in place, to be decided again after the files that follow.
 */
export function lintSection(
  target: LintTarget,
  model: SchemaModel,
  options: LintOptions = {},
  carry?: (check: EndCheck) => void,
): FileReport {
  const statements = sectionStatements(target.section);
  const parsed = parseSection(target.section.text, statements);
  const run = sectionRun(target, model, options, parsed, carry !== undefined);
  const first = statements[0];
  const preludeOffset = first ? preludeAt(target.section, first) : 0;
  const reports: StatementReport[] = [];
  try {
    for (let index = 0; index < statements.length; index++) {
      reports.push(
        lintStatement(run, statements[index] as SourceStatement, parsed[index] as ParsedStatement, preludeOffset),
      );
    }
    dropResolved(run, carry);
  } finally {
    run.sqlite?.close();
  }
  return {
    file: target.file,
    ...(target.revision ? { revision: target.revision } : {}),
    dialect: run.dialect,
    statements: reports,
    findings: run.fileFindings,
  };
}

/**
 * The end of the section: findings that a later statement resolved are taken back; in a
 * history, the others go to `carry`.
 */
function dropResolved(run: SectionRun, carry: ((check: EndCheck) => void) | undefined): void {
  for (const check of run.pending) {
    if (check.resolved(run.model)) takeBack(check);
    else carry?.(check);
  }
}

/** Removes a finding decided at the end from the list it went into; false when it was not there. */
export function takeBack({ findings, finding }: EndCheck): boolean {
  const at = findings.indexOf(finding);
  if (at >= 0) findings.splice(at, 1);
  return at >= 0;
}

/**
 * What every statement of a section shares, worked out once per section: the statement loop
 * (lintSection), the work per statement (lintStatement) and its parts read on their own.
 */
interface SectionRun {
  readonly target: LintTarget;
  readonly model: SchemaModel;
  readonly dialect: LintDialect;
  readonly state: RevisionState;
  readonly ctx: AnalyzerContext;
  readonly rules: readonly Rule[];
  /** Levels do not change within a section: worked out once, not per rule per statement. */
  readonly active: readonly ActiveRule[];
  readonly levels: LintOptions['rules'];
  readonly fileFindings: Finding[];
  /** Findings decided at the end of the section (RuleHit.unlessAtEnd), with the list each went into. */
  readonly pending: EndCheck[];
  readonly existing: (key: string) => boolean;
  /** SQLite's parser for this section's statements (made at the first SQLite statement). */
  sqlite?: SqliteScratch;
}

/** Whether the runner wraps the section in a transaction, from its mode and the statements in it. */
function runnerWraps(target: LintTarget, parsed: readonly ParsedStatement[]): boolean {
  switch (target.mode) {
    case 'wrapped':
      return true;
    case 'none':
      return false;
    case 'implicit':
      // One query of several statements is one implicit transaction block.
      return parsed.length > 1;
    case 'unless-own':
      return !parsed.some((p) => p.ok && p.nodes.some((n) => transactionEdge(n) !== undefined));
    default:
      return target.transactional;
  }
}

/** BEGIN / START TRANSACTION opens a transaction block ('open'); COMMIT / ROLLBACK / PREPARE TRANSACTION ends it. */
function transactionEdge(node: Node): 'open' | 'close' | undefined {
  const kind = nodeAs(node, 'TransactionStmt')?.kind;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'open';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') return 'close';
  return undefined;
}

function sectionRun(
  target: LintTarget,
  model: SchemaModel,
  options: LintOptions,
  parsed: readonly ParsedStatement[],
  inHistory: boolean,
): SectionRun {
  const dialect = options.dialect ?? 'postgres';
  const pgVersion = options.pgVersion ?? DEFAULT_PG_VERSION;
  const wraps = runnerWraps(target, parsed);
  const state: RevisionState = {
    dialect,
    pgVersion,
    sqliteVersion: sqliteVersionOf(options.sqliteVersion),
    transactional: wraps,
    // 'implicit' is PostgreSQL's own block, which BEGIN/COMMIT may take over without harm.
    runnerTransaction: wraps && target.mode !== 'implicit',
    runner: target.runner,
    isRevision: target.isRevision,
    lockTimeout: options.lockTimeoutFromRunner === true,
    held: new Map(),
    addedNotValid: new Set(),
    dropped: new Map(),
    created: new Set(),
    reported: new Set(),
    statementTimeout: options.statementTimeoutFromRunner ?? 'none',
    endChecks: inHistory ? 'history' : 'file',
  };
  const rules = rulesFor(dialect);
  const fileFindings: Finding[] = [];
  for (const [id, level] of Object.entries(options.rules ?? {})) {
    if (!rules.some((r) => r.id === id) && !Object.values(BUILTIN_RULES).includes(id as never)) {
      fileFindings.push({
        rule: BUILTIN_RULES.unknownRuleConfig,
        severity: 'warning',
        line: 1,
        message: `strata.json lint.rules names '${id}' (set to ${level}), which is not a ${dialect} rule`,
      });
    }
  }
  return {
    target,
    model,
    dialect,
    state,
    ctx: { model, pgVersion, utcSession: options.utcSession, volatility: options.volatility },
    rules,
    active: activeRules(rules, options.rules),
    levels: options.rules,
    fileFindings,
    pending: [],
    existing: (key) => model.get(key)?.isNew !== true,
  };
}

/** The level a built-in finding is reported at, or undefined when strata.json turns it off. */
function levelOf(run: SectionRun, rule: string, fallback: Severity): Severity | undefined {
  const configured = run.levels?.[rule];
  return configured === 'off' ? undefined : (configured ?? fallback);
}

function lintStatement(
  run: SectionRun,
  statement: SourceStatement,
  parsed: ParsedStatement,
  preludeOffset: number,
): StatementReport {
  const { dialect, model } = run;
  const findings: Finding[] = [];
  const suppress = statement.leadingComments.length > 0 ? suppressionsFor(run, statement, findings) : NO_SUPPRESSIONS;
  const nodes: readonly Node[] = parsed.ok ? parsed.nodes : NONE;
  if (!parsed.ok && dialect === 'postgres') {
    const sev = levelOf(run, BUILTIN_RULES.syntaxError, 'error');
    if (sev)
      findings.push({
        rule: BUILTIN_RULES.syntaxError,
        severity: sev,
        line: statement.line,
        message: `PostgreSQL cannot parse this statement: ${parsed.message}`,
      });
  }
  if (dialect === 'sqlite') {
    run.sqlite ??= new SqliteScratch();
    const error = run.sqlite.syntaxError(
      statement.sql,
      parsed.ok && parsed.nodes[0] ? nodeKind(parsed.nodes[0]) : undefined,
    );
    const sev = error === undefined ? undefined : levelOf(run, BUILTIN_RULES.syntaxError, 'error');
    if (sev)
      findings.push({
        rule: BUILTIN_RULES.syntaxError,
        severity: sev,
        line: statement.line,
        message: `SQLite cannot parse this statement: ${error}`,
      });
  }
  const fx = dialect === 'postgres' ? analyzeNodes(nodes, run.ctx) : new Effects(run.ctx);
  const analysis = dialect === 'postgres' ? summarize(fx, run.existing) : analyzeSqlite(nodes, fx);
  const node = nodes[0];
  const kind = node ? statementKind(node) : parsed.ok ? 'EMPTY' : 'UNPARSED';
  if (node)
    ruleFindings(
      run,
      {
        node,
        kind,
        statement,
        section: run.target.section,
        effects: fx,
        analysis,
        state: run.state,
        model,
        existing: run.existing,
        fixes: new StatementFixes(run.target.section, statement, preludeOffset),
      },
      suppress,
      findings,
    );
  if (suppress !== NO_SUPPRESSIONS) unusedIgnores(run, suppress, findings);
  const report: StatementReport = {
    file: run.target.file,
    line: statement.line,
    statement: statement.sql,
    kind,
    locks: analysis.locks,
    rewrites: analysis.rewrites,
    scans: analysis.scans,
    blocksReads: analysis.blocksReads,
    blocksWrites: analysis.blocksWrites,
    transactional: analysis.transactional,
    assumptions: fx.assumptions.length > 0 ? fx.assumptions : NONE,
    findings: findings.length > 0 ? findings : NONE,
  };
  updateState(run.state, fx, nodes, model);
  for (let n = 0; n < nodes.length; n++) applyToModel(model, nodes[n] as Node, true);
  return report;
}

/** Runs the rules that apply to this kind of statement; their hits, unless suppressed, go into `findings`. */
function ruleFindings(run: SectionRun, ruleCtx: RuleContext, suppress: Suppressions, findings: Finding[]): void {
  const { state, statement } = ruleCtx;
  const rules = rulesForKind(run.active, nodeKind(ruleCtx.node));
  for (let r = 0; r < rules.length; r++) {
    const { rule, severity: sev, configured } = rules[r] as ActiveRule;
    if (rule.oncePerRevision && state.reported.has(rule.id)) continue;
    const hits = rule.check(ruleCtx);
    for (let h = 0; h < hits.length; h++) {
      const hit = hits[h] as RuleHit;
      if (suppress.silences(rule.id)) continue;
      state.reported.add(rule.id);
      const severity = configured ? sev : (hit.severity ?? sev);
      const finding: Mutable<Finding> = { rule: rule.id, severity, line: statement.line, message: hit.message };
      if (hit.fix) finding.fix = hit.fix;
      findings.push(finding);
      if (hit.unlessAtEnd) run.pending.push({ findings, finding, resolved: hit.unlessAtEnd });
    }
  }
}

/** A `strata:ignore` that silenced nothing, or names no rule of this dialect, is a finding itself. */
function unusedIgnores(run: SectionRun, suppress: Suppressions, findings: Finding[]): void {
  for (const { directive, rules: names } of suppress.unused()) {
    const unknown = names.filter((n) => !run.rules.some((r) => r.id === n));
    const sev = levelOf(run, BUILTIN_RULES.invalidIgnore, unknown.length > 0 ? 'warning' : 'info');
    if (!sev) continue;
    const message =
      unknown.length > 0
        ? `'strata:ignore' names ${unknown.map((u) => `'${u}'`).join(', ')}, not a ${run.dialect} rule`
        : `'strata:ignore ${names.join(',')}' silences nothing on this statement`;
    findings.push({ rule: BUILTIN_RULES.invalidIgnore, severity: sev, line: directive.line, message });
  }
}

interface ActiveRule {
  readonly rule: Rule;
  readonly severity: Severity;
  /** strata.json sets its level, which then overrides a hit's own severity. */
  readonly configured: boolean;
}

/** Without strata.json levels, each dialect's active rules are always the same list. */
const defaultActive = new WeakMap<readonly Rule[], readonly ActiveRule[]>();

function activeRules(rules: readonly Rule[], levels: LintOptions['rules']): readonly ActiveRule[] {
  const cached = levels ? undefined : defaultActive.get(rules);
  if (cached) return cached;
  const active = rules.flatMap((rule) => {
    const configured = levels?.[rule.id];
    return configured === 'off'
      ? []
      : [{ rule, severity: configured ?? rule.severity, configured: configured !== undefined }];
  });
  if (!levels) defaultActive.set(rules, active);
  return active;
}

/** Per active-rule list, the rules that can report on each statement kind, in list order. */
const byKindCache = new WeakMap<readonly ActiveRule[], Map<string, readonly ActiveRule[]>>();

function rulesForKind(active: readonly ActiveRule[], kind: string): readonly ActiveRule[] {
  let byKind = byKindCache.get(active);
  if (!byKind) byKindCache.set(active, (byKind = new Map()));
  let rules = byKind.get(kind);
  if (!rules)
    byKind.set(kind, (rules = active.filter((a) => a.rule.kinds === undefined || a.rule.kinds.includes(kind))));
  return rules;
}

/** Shared by every statement without comments above it: it silences nothing, so it never changes. */
const NO_SUPPRESSIONS = new Suppressions([]);

/** The statement's `strata:ignore` directives; malformed ones are reported into `findings`. */
function suppressionsFor(run: SectionRun, statement: SourceStatement, findings: Finding[]): Suppressions {
  const directives: IgnoreDirective[] = [];
  for (const c of statement.leadingComments) {
    const parsed = parseIgnore(c.text, c.line);
    if (!parsed) continue;
    if (parsed.ok) directives.push(parsed.directive);
    else {
      const sev = levelOf(run, BUILTIN_RULES.invalidIgnore, 'warning');
      if (sev)
        findings.push({ rule: BUILTIN_RULES.invalidIgnore, severity: sev, line: parsed.line, message: parsed.message });
    }
  }
  return new Suppressions(directives);
}

/** A statement's effects; the usual single node's are used as they are, several are merged. */
function analyzeNodes(nodes: readonly Node[], ctx: AnalyzerContext): Effects {
  if (nodes.length === 1) return analyzeNode(nodes[0] as Node, ctx);
  const fx = new Effects(ctx);
  for (const node of nodes) fx.absorb(analyzeNode(node, ctx));
  return fx;
}

/** Where a section-wide prelude (SET lock_timeout) goes: above the first statement's comments. */
function preludeAt(section: Section, first: SourceStatement): number {
  const comments = first.leadingComments[0];
  if (!comments) {
    const lineStart = section.text.lastIndexOf('\n', first.start - 1) + 1;
    return lineStart;
  }
  let offset = 0;
  for (let l = section.firstLine; l < comments.line; l++) offset = section.text.indexOf('\n', offset) + 1;
  return offset;
}

export function summarize(fx: Effects, existing: (key: string) => boolean): StatementAnalysis {
  const locks: RelationLock[] = [];
  const live: LockEntry[] = [];
  for (const l of fx.locks.values()) {
    // Optional keys are added in this order, absent when empty: the JSON rows keep their shape.
    const lock: Mutable<RelationLock> = { relation: displayName(l.key), mode: l.mode, kind: l.kind };
    if (l.ownerKey) lock.table = displayName(l.ownerKey);
    if (l.reason) lock.reason = l.reason;
    if (l.isNew) lock.isNew = true;
    else live.push(l);
    locks.push(lock);
  }
  return {
    locks: locks.length > 0 ? locks : NONE,
    rewrites: fx.rewrites.some((r) => existing(r.relation)),
    scans: fx.scans.some((s) => existing(s.relation)),
    blocksReads: blocksReads(live),
    blocksWrites: blocksWrites(live),
    transactional: fx.transactional,
  };
}

function isZeroTimeout(arg: Node | undefined): boolean {
  const c = nodeAs(arg, 'A_Const');
  if (!c) return false;
  if (c.ival !== undefined) return (c.ival.ival ?? 0) === 0;
  const text = c.sval?.sval?.trim().toLowerCase() ?? '';
  return Number.parseFloat(text) === 0;
}

function updateState(state: RevisionState, fx: Effects, nodes: readonly Node[], model: SchemaModel): void {
  // Inside one transaction every lock is kept until COMMIT: later statements run under it.
  if (state.transactional)
    for (const l of fx.locks.values()) state.held.set(l.key, stronger(state.held.get(l.key) ?? l.mode, l.mode));
  for (const node of nodes) {
    const edge = transactionEdge(node);
    if (edge !== undefined) {
      // After COMMIT each statement commits on its own (the runner's BEGIN is gone too), until BEGIN.
      state.transactional = edge === 'open';
      if (edge === 'close') state.held.clear();
    }
    const set = nodeAs(node, 'VariableSetStmt');
    if (set?.name === 'lock_timeout') {
      // `SET lock_timeout = 0` (or RESET / DEFAULT) turns the protection off again.
      state.lockTimeout = set.kind === 'VAR_SET_VALUE' && !isZeroTimeout(set.args?.[0]);
    }
    if (set?.name === 'statement_timeout') {
      const ms = set.kind === 'VAR_SET_VALUE' ? durationMs(set.args?.[0]) : 0;
      state.statementTimeout = ms === undefined ? 'unknown' : ms === 0 ? 'none' : ms;
    }
    const alter = nodeAs(node, 'AlterTableStmt');
    const table = relName(alter?.relation);
    if (alter && table) {
      for (const cmd of commandsOf(alter)) {
        const c = nodeAs(cmd.def, 'Constraint');
        if (cmd.subtype === 'AT_AddConstraint' && c?.skip_validation && c.conname)
          state.addedNotValid.add(`${relationKey(table)}/${c.conname}`);
      }
    }
    const create = relName(nodeAs(node, 'CreateStmt')?.relation);
    if (create) state.created.add(relationKey(create));
    const drop = nodeAs(node, 'DropStmt');
    if (drop?.removeType === 'OBJECT_TABLE') {
      for (const o of drop.objects ?? []) {
        const rel = relFromNames(nameList(nodeAs(o, 'List')?.items));
        if (rel)
          state.dropped.set(
            relationKey(rel),
            model.referencingConstraints(relationKey(rel)).some((r) => r.table.key !== relationKey(rel)),
          );
      }
    }
  }
}
