// Payloads for fuzzing the contract's doors: wholly arbitrary JSON, and a valid input of
// each method with one thing broken (a value replaced by anything, a key dropped, a key
// added), which reaches deeper into the schemas than random JSON ever does. And the check
// every answer must pass: a Result of the contract's shape, no stack trace, no crash
// ('internal'), and an invalid input refused with the path of what was wrong.
import { join } from 'node:path';
import fc from 'fast-check';
import { z } from 'zod';
import { METHODS, type Input, type Method } from '../../shared/api/contract.ts';
import { apiError, type Result } from '../../shared/api/errors.ts';

type Path = readonly (string | number)[];

/**
 * A valid input of every method against a copy of migrations-sample (exhaustive: a new method does not build until it
 * has one).
 */
export const VALID_INPUTS: { readonly [M in Method]: Input<M> } = {
  'project.open': {},
  'project.info': {},
  'project.graph': {},
  'project.reload': {},
  'project.create': { dir: 'fuzz-new-project', dialect: 'sqlite' },
  'studio.welcome': {},
  'studio.pickFolder': { purpose: 'open' },
  'revision.get': { id: 'e45df46a870b' },
  'revision.create': { message: 'fuzz revision', parent: '6889de750fdb' },
  'revision.save': {
    id: 'e45df46a870b',
    upgradeSql: 'CREATE TABLE fuzz_t (id INTEGER PRIMARY KEY);',
    downgradeSql: 'DROP TABLE fuzz_t;',
  },
  'lint.project': {},
  'lint.revision': { id: '37d8e4952211' },
  'lint.applyFix': { id: '37d8e4952211', rule: 'drop-table', line: 3, index: 0 },
  'lint.previewFix': { id: '37d8e4952211', rule: 'drop-table', line: 3, index: 0 },
  'lint.draft': { id: '37d8e4952211', upgradeSql: 'DROP TABLE t;', transactional: true },
  'lint.impact': { connectionId: 'default', revisions: ['37d8e4952211'] },
  'connections.list': {},
  'connections.save': {
    name: 'fuzz',
    settings: { kind: 'postgres', host: '127.0.0.1', port: 1, database: 'app', user: 'app', sslMode: 'disable' },
    password: 'pw',
    protected: false,
  },
  'connections.remove': { id: 'fuzz-none' },
  'connections.test': { id: 'default' },
  'connections.testSettings': { settings: { kind: 'sqlite', path: 'dev.sqlite' } },
  'connections.unlock': { id: 'default', databaseName: 'dev' },
  'database.status': { id: 'default' },
  'database.history': { connectionId: 'default', revision: 'e45df46a870b' },
  'run.plan': { connectionId: 'default', direction: 'upgrade', target: 'heads' },
  'run.planSql': { connectionId: 'default', direction: 'upgrade', target: 'heads' },
  'run.start': {
    connectionId: 'default',
    direction: 'upgrade',
    target: 'audit@head',
    singleTransaction: false,
    maxSteps: 1,
  },
  'run.cancel': { runId: 'run-0123abcd' },
  'run.rehearse': { connectionId: 'default', target: 'heads' },
  'run.resolve': { connectionId: 'default', revision: 'e45df46a870b', action: 'rerun' },
  'autogen.diff': {
    source: { kind: 'heads' },
    renames: { tables: [], columns: [{ table: 'users', from: 'locale', to: 'lang' }] },
    include: ['users'],
  },
  // The sample has two heads: a write is refused before anything is built or written.
  'autogen.write': { source: { kind: 'connection', connectionId: 'default' }, message: 'fuzz' },
  'merge.analyze': {},
  // Refused (a base is no head): a merge written here would change the revision count the fuzz checks.
  'merge.create': { heads: ['6889de750fdb', '3550b5f2509d'], message: 'fuzz merge' },
  'merge.linearizePreview': { branchHead: '0874aef793be', onto: '6889de750fdb' },
  'merge.linearize': { branchHead: '0874aef793be', onto: '6889de750fdb' },
};

export interface Payload {
  readonly method: Method;
  readonly input: unknown;
  /** Where the valid input was broken (undefined: wholly arbitrary). */
  readonly brokenAt: Path | undefined;
}

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

function pick(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown> | undefined)?.[k], value);
}

/** `value` with what is at `path` replaced by `next(current)` (`undefined` deletes the key). */
function edit(value: unknown, path: Path, next: (current: unknown) => unknown): unknown {
  if (path.length === 0) return next(value);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy: unknown[] = [...value];
    copy[head as number] = edit(copy[head as number], rest, next);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const changed = edit(copy[head], rest, next);
  if (changed === undefined) delete copy[head];
  else copy[head] = changed;
  return copy;
}

const anything = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 300 }),
  fc.constantFrom(null, true, 0, -1, 1.5, 1e308, '', ' ', '../../etc', 'x'.repeat(5000)),
);

/** A valid input with one thing broken. */
function broken(method: Method): fc.Arbitrary<Payload> {
  const valid = VALID_INPUTS[method] as unknown;
  const paths = pathsOf(valid);
  const replaced = fc
    .tuple(fc.constantFrom<Path>([], ...paths), anything)
    .map(([path, value]) => ({ method, input: edit(valid, path, () => value), brokenAt: path }));
  // Of the same type as the valid value, so that it often passes the schema and reaches the
  // handler: odd targets, ids, names, numbers at the edges.
  const sameType = (current: unknown): fc.Arbitrary<unknown> =>
    typeof current === 'string'
      ? fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.stringMatching(/^[0-9a-z_@+-]{1,40}$/),
          fc.constantFrom(
            'heads',
            'head',
            'base',
            '-1',
            '+2',
            'audit@head',
            'audit@-1',
            '37d8',
            'e45df46a870b+1',
            '@',
            '@head',
          ),
        )
      : typeof current === 'number'
        ? fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, 1, 2 ** 31, Number.MAX_SAFE_INTEGER))
        : typeof current === 'boolean'
          ? fc.boolean()
          : anything;
  const retyped = fc
    .constantFrom<Path>(...(paths.length > 0 ? paths : [[]]))
    .chain((path) =>
      sameType(pick(valid, path)).map((value) => ({ method, input: edit(valid, path, () => value), brokenAt: path })),
    );
  const kinds = [replaced, retyped, retyped];
  if (paths.length > 0)
    kinds.push(
      fc.constantFrom(...paths).map((path) => ({ method, input: edit(valid, path, () => undefined), brokenAt: path })),
    );
  const objects = [[], ...paths].filter((p) => {
    const v = pick(valid, p);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  });
  kinds.push(
    fc
      .tuple(fc.constantFrom<Path>(...objects), fc.string({ minLength: 1, maxLength: 20 }), anything)
      .map(([path, key, value]) => ({
        method,
        input: edit(valid, path, (object) => ({ ...(object as Record<string, unknown>), [`${key}_extra`]: value })),
        brokenAt: [...path, `${key}_extra`],
      })),
  );
  return fc.oneof(...kinds);
}

/** Any method, with a broken valid input or wholly arbitrary JSON. */
export const contractPayload: fc.Arbitrary<Payload> = fc
  .constantFrom(...METHODS)
  .chain((method) =>
    fc.oneof(
      { weight: 3, arbitrary: broken(method) },
      { weight: 1, arbitrary: anything.map((input) => ({ method, input, brokenAt: undefined })) },
    ),
  );

/**
 * Keeps a fuzzed payload on this machine and in the sandbox: a valid project.open would
 * open that folder for real (project.create would write one), a valid connection would be
 * connected to and its SQLite file created. Invalid values are left as they are: they are what the door must refuse.
 */
export function confine(payload: Payload, sandbox: string): Payload {
  const input = payload.input as Record<string, unknown> | null;
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return payload;
  const inSandbox = (text: string): string => join(sandbox, 'fuzzed', encodeURIComponent(text).slice(0, 60) || 'empty');
  let next: Record<string, unknown> = input;
  const opensFolder = payload.method === 'project.open' || payload.method === 'project.create';
  if (opensFolder && typeof input.dir === 'string' && input.dir !== '') next = { ...next, dir: inSandbox(input.dir) };
  const settings = input.settings as Record<string, unknown> | undefined;
  if (settings !== null && typeof settings === 'object' && !Array.isArray(settings)) {
    const safe = { ...settings };
    if (typeof safe.host === 'string' && safe.host !== '') safe.host = '127.0.0.1';
    if (typeof safe.path === 'string' && safe.path !== '') safe.path = join(inSandbox(safe.path), 'db.sqlite');
    next = { ...next, settings: safe };
  }
  return { ...payload, input: next };
}

const result = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }).strict(),
  z.object({ ok: z.literal(false), error: apiError }).strict(),
]);

/** A file:line:column of a script, or a V8 stack frame: never in an answer. */
const STACK = /\.(?:[cm]?[jt]sx?):\d+:\d+|\n\s+at |\bat (?:async )?[\w$.<>]+ \(/;

/** Whether `issuePath` ("a.b.0") and the broken path are one inside the other. */
function related(issuePath: string, brokenAt: Path): boolean {
  const broken = brokenAt.join('.');
  return issuePath === broken || broken.startsWith(`${issuePath}.`) || issuePath.startsWith(`${broken}.`);
}

/** The problems with one answer of a door (empty: it is right). */
export function answerProblems(payload: Payload, answer: unknown): string[] {
  const problems: string[] = [];
  const parsed = result.safeParse(answer);
  if (!parsed.success) return [`not a Result: ${JSON.stringify(answer).slice(0, 300)}`];
  if (STACK.test(JSON.stringify(answer)))
    problems.push(`a stack trace in the answer: ${JSON.stringify(answer).slice(0, 500)}`);
  const r = parsed.data as Result<unknown>;
  if (r.ok) return problems;
  if (r.error.code === 'internal') problems.push(`a crash inside the handler: ${r.error.message}`);
  if (r.error.code !== 'invalid-input' || !Array.isArray(r.error.details)) return problems;
  // Refused by the contract at the door: every issue names its path, and the broken one is among them.
  if (!r.error.message.startsWith(`invalid input for ${payload.method}: `))
    problems.push(`the refusal does not name the method: ${r.error.message}`);
  const issues = r.error.details as string[];
  const paths = issues.map((issue) => /^([^:]+): ./.exec(issue)?.[1]);
  if (issues.length === 0 || paths.some((p) => p === undefined))
    problems.push(`an issue without its path: ${JSON.stringify(issues)}`);
  const brokenAt = payload.brokenAt;
  if (brokenAt !== undefined && brokenAt.length > 0) {
    const key = String(brokenAt.at(-1));
    const named =
      paths.some((p) => p !== undefined && related(p, brokenAt)) || issues.some((issue) => issue.includes(`"${key}"`));
    if (!named) problems.push(`broken at ${brokenAt.join('.')}, but the refusal names ${JSON.stringify(issues)}`);
  }
  return problems;
}
