// Enums, domains, sequences and routines against their targets.
import type { DomainType, EnumType, Routine, Schema, Sequence } from '../../../../shared/model/schema.ts';
import { nameOf, qualified } from '../operations.ts';
import type { Planned } from '../phases.ts';
import { match, same } from './tables.ts';

/** Whether `a` is `b` with some values left out, in the same order: then ADD VALUE gets from one to the other. */
function isSubsequence(a: readonly string[], b: readonly string[]): boolean {
  let i = 0;
  for (const v of b) if (i < a.length && a[i] === v) i++;
  return i === a.length;
}

export function compareEnums(from: Schema, to: Schema): Planned[] {
  const out: Planned[] = [];
  const enums = match(from.enums, to.enums, qualified);
  for (const e of enums.onlyTo) out.push({ phase: 'createTypes', change: { kind: 'createEnum', enum: e } });
  for (const e of enums.onlyFrom) out.push({ phase: 'dropTypes', change: { kind: 'dropEnum', enum: e } });
  for (const [a, b] of enums.both) {
    if (!same(a.values, b.values)) {
      if (isSubsequence(a.values, b.values)) out.push(...addedValues(a, b));
      else
        out.push({ phase: 'createTypes', change: { kind: 'replaceEnum', from: a, to: { ...b, comment: a.comment } } });
    }
    if (a.comment !== b.comment) {
      out.push({
        phase: 'comments',
        change: { kind: 'setComment', target: { kind: 'type', object: nameOf(b) }, from: a.comment, to: b.comment },
      });
    }
  }
  return out;
}

/**
 * Domains: created with the types (after the enums they may be over), dropped with them
 * (before those enums: `drops` are filed first). A new base type or collation is a new domain:
 * dropped and created again, which PostgreSQL allows only once no column uses it.
 */
export function compareDomains(from: Schema, to: Schema): { creates: Planned[]; drops: Planned[] } {
  const creates: Planned[] = [];
  const drops: Planned[] = [];
  const domains = match(from.domains, to.domains, qualified);
  const create = (d: DomainType): void =>
    void creates.push({ phase: 'createTypes', change: { kind: 'createDomain', domain: d } });
  const drop = (d: DomainType, phase: Planned['phase'] = 'dropTypes'): void =>
    void drops.push({ phase, change: { kind: 'dropDomain', domain: d } });
  domains.onlyTo.forEach((d) => create(d));
  domains.onlyFrom.forEach((d) => drop(d));
  for (const [a, b] of domains.both) {
    if (a.baseType !== b.baseType || a.collation !== b.collation) {
      // The old one goes before the types are created, so that the name is free again.
      drop(a, 'dropTables');
      create(b);
      continue;
    }
    const shape = (d: DomainType): unknown => ({ ...d, comment: null });
    if (!same(shape(a), shape(b)))
      creates.push({
        phase: 'createTypes',
        change: { kind: 'alterDomain', from: a, to: { ...b, comment: a.comment } },
      });
    if (a.comment !== b.comment) {
      creates.push({
        phase: 'comments',
        change: { kind: 'setComment', target: { kind: 'domain', object: nameOf(b) }, from: a.comment, to: b.comment },
      });
    }
  }
  return { creates, drops };
}

/** One ADD VALUE per new value, each from the enum as the previous one left it. */
function addedValues(from: EnumType, to: EnumType): Planned[] {
  const out: Planned[] = [];
  let current: EnumType = from;
  for (const value of to.values) {
    if (current.values.includes(value)) continue;
    const values = to.values.filter((v) => current.values.includes(v) || v === value);
    const next: EnumType = { ...current, values };
    out.push({ phase: 'createTypes', change: { kind: 'addEnumValue', from: current, to: next, value } });
    current = next;
  }
  return out;
}

export function compareSequences(from: Schema, to: Schema): Planned[] {
  const out: Planned[] = [];
  const sequences = match(from.sequences, to.sequences, qualified);
  // A sequence owned by a column is created free and given its owner once the column exists;
  // it is freed before its table goes (dropping a table drops the sequences it owns).
  for (const s of sequences.onlyTo) {
    const free: Sequence = { ...s, ownedBy: null };
    out.push({ phase: 'createTypes', change: { kind: 'createSequence', sequence: free } });
    if (s.ownedBy) out.push({ phase: 'ownSequences', change: { kind: 'alterSequence', from: free, to: s } });
  }
  for (const s of sequences.onlyFrom) {
    const free: Sequence = { ...s, ownedBy: null };
    if (s.ownedBy) out.push({ phase: 'disownSequences', change: { kind: 'alterSequence', from: s, to: free } });
    out.push({ phase: 'dropTypes', change: { kind: 'dropSequence', sequence: free } });
  }
  for (const [a, b] of sequences.both) {
    const shape = (s: Sequence): unknown => ({ ...s, comment: null });
    if (!same(shape(a), shape(b))) {
      const phase = same(a.ownedBy, b.ownedBy) ? 'createTypes' : 'ownSequences';
      out.push({ phase, change: { kind: 'alterSequence', from: a, to: { ...b, comment: a.comment } } });
    }
    if (a.comment !== b.comment) {
      out.push({
        phase: 'comments',
        change: { kind: 'setComment', target: { kind: 'sequence', object: nameOf(b) }, from: a.comment, to: b.comment },
      });
    }
  }
  return out;
}

export function compareRoutines(from: Schema, to: Schema): Planned[] {
  const out: Planned[] = [];
  const key = (r: Routine): string => `${qualified(r)}(${r.arguments})`;
  const routines = match(from.routines, to.routines, key);
  for (const r of routines.onlyTo) out.push({ phase: 'routines', change: { kind: 'createRoutine', routine: r } });
  for (const r of routines.onlyFrom) out.push({ phase: 'dropTypes', change: { kind: 'dropRoutine', routine: r } });
  for (const [a, b] of routines.both) {
    if (a.kind !== b.kind) {
      out.push({ phase: 'dropTriggers', change: { kind: 'dropRoutine', routine: a } });
      out.push({ phase: 'routines', change: { kind: 'createRoutine', routine: b } });
      continue;
    }
    if (a.definition !== b.definition)
      out.push({ phase: 'routines', change: { kind: 'replaceRoutine', from: a, to: { ...b, comment: a.comment } } });
    if (a.comment !== b.comment) {
      const target = { kind: b.kind, object: nameOf(b), arguments: b.arguments };
      out.push({ phase: 'comments', change: { kind: 'setComment', target, from: a.comment, to: b.comment } });
    }
  }
  return out;
}
