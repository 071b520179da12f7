// Autogenerate's operations as data (Alembic's ops.py, without the classes): each change is a
// plain object, `reverseChange` gives the change that undoes it, so a downgrade is the
// reversed list of reverses — generated from what the upgrade does, never guessed. A change
// carries whole objects (the dropped table, the column before and after) so its reverse needs
// nothing from outside.
import type {
  CheckConstraint,
  Column,
  DomainType,
  EnumType,
  ExclusionConstraint,
  Extension,
  ForeignKey,
  Index,
  PrimaryKey,
  QualifiedName,
  Routine,
  Sequence,
  Table,
  Trigger,
  UniqueConstraint,
  View,
} from '../../../shared/model/schema.ts';

export type CommentTarget =
  | {
      readonly kind: 'table' | 'view' | 'materialized view' | 'type' | 'domain' | 'sequence';
      readonly object: QualifiedName;
    }
  | { readonly kind: 'column'; readonly object: QualifiedName; readonly column: string }
  | { readonly kind: 'function' | 'procedure'; readonly object: QualifiedName; readonly arguments: string };

/** A constraint of a table, by kind: what can be added and dropped on its own. */
export type Constraint =
  | { readonly type: 'primary key'; readonly key: PrimaryKey }
  | { readonly type: 'unique'; readonly unique: UniqueConstraint }
  | { readonly type: 'foreign key'; readonly foreignKey: ForeignKey }
  | { readonly type: 'check'; readonly check: CheckConstraint }
  | { readonly type: 'exclusion'; readonly exclusion: ExclusionConstraint };

export type Change =
  | { readonly kind: 'createSchema'; readonly name: string }
  | { readonly kind: 'dropSchema'; readonly name: string }
  | { readonly kind: 'createExtension'; readonly extension: Extension }
  | { readonly kind: 'dropExtension'; readonly extension: Extension }
  | { readonly kind: 'createTable'; readonly table: Table }
  | { readonly kind: 'dropTable'; readonly table: Table }
  | { readonly kind: 'renameTable'; readonly table: QualifiedName; readonly to: string }
  | { readonly kind: 'addColumn'; readonly table: QualifiedName; readonly column: Column }
  | { readonly kind: 'dropColumn'; readonly table: QualifiedName; readonly column: Column }
  | { readonly kind: 'renameColumn'; readonly table: QualifiedName; readonly from: string; readonly to: string }
  | { readonly kind: 'alterColumn'; readonly table: QualifiedName; readonly from: Column; readonly to: Column }
  /** SQLite's STRICT / WITHOUT ROWID. */
  | {
      readonly kind: 'alterTableOptions';
      readonly table: QualifiedName;
      readonly from: readonly string[];
      readonly to: readonly string[];
    }
  | { readonly kind: 'addConstraint'; readonly table: QualifiedName; readonly constraint: Constraint }
  | { readonly kind: 'dropConstraint'; readonly table: QualifiedName; readonly constraint: Constraint }
  | { readonly kind: 'renameConstraint'; readonly table: QualifiedName; readonly from: string; readonly to: string }
  | { readonly kind: 'createIndex'; readonly table: QualifiedName; readonly index: Index }
  | { readonly kind: 'dropIndex'; readonly table: QualifiedName; readonly index: Index }
  | { readonly kind: 'renameIndex'; readonly table: QualifiedName; readonly from: string; readonly to: string }
  | { readonly kind: 'createEnum'; readonly enum: EnumType }
  | { readonly kind: 'dropEnum'; readonly enum: EnumType }
  /** ALTER TYPE … ADD VALUE: `to` is the enum with the value, `from` without it. */
  | { readonly kind: 'addEnumValue'; readonly from: EnumType; readonly to: EnumType; readonly value: string }
  /** Values removed or reordered: PostgreSQL cannot, so the type is swapped for a new one. */
  | { readonly kind: 'replaceEnum'; readonly from: EnumType; readonly to: EnumType }
  | { readonly kind: 'createDomain'; readonly domain: DomainType }
  | { readonly kind: 'dropDomain'; readonly domain: DomainType }
  /** Default, NOT NULL and checks; the base type and collation stay (ALTER DOMAIN cannot change them). */
  | { readonly kind: 'alterDomain'; readonly from: DomainType; readonly to: DomainType }
  | { readonly kind: 'createSequence'; readonly sequence: Sequence }
  | { readonly kind: 'dropSequence'; readonly sequence: Sequence }
  | { readonly kind: 'alterSequence'; readonly from: Sequence; readonly to: Sequence }
  | { readonly kind: 'createView'; readonly view: View }
  | { readonly kind: 'dropView'; readonly view: View }
  | { readonly kind: 'createTrigger'; readonly table: QualifiedName; readonly trigger: Trigger }
  | { readonly kind: 'dropTrigger'; readonly table: QualifiedName; readonly trigger: Trigger }
  | { readonly kind: 'createRoutine'; readonly routine: Routine }
  | { readonly kind: 'dropRoutine'; readonly routine: Routine }
  | { readonly kind: 'replaceRoutine'; readonly from: Routine; readonly to: Routine }
  | {
      readonly kind: 'setComment';
      readonly target: CommentTarget;
      readonly from: string | null;
      readonly to: string | null;
    };

export type ChangeKind = Change['kind'];

/** One operation of a diff: the change, what it touches, whether it loses data, and its reverse. */
export interface Operation {
  readonly kind: ChangeKind;
  /** What it touches, for people: "table public.users", "column public.users.email". */
  readonly object: string;
  readonly change: Change;
  /** Drops rows or values: a dropped table or column, a narrowing type change, a removed enum value. */
  readonly destructive: boolean;
  readonly reverse: Change;
  /** Whether the downgrade's step loses data (the reverse of a created table drops it). */
  readonly reverseDestructive: boolean;
}

/** Just the name of a schema object (no body), as changes refer to objects they do not carry. */
export function nameOf(x: QualifiedName): QualifiedName {
  return { schema: x.schema, name: x.name };
}

export function qualified(name: QualifiedName): string {
  return `${name.schema}.${name.name}`;
}

export function constraintName(c: Constraint): string | null {
  switch (c.type) {
    case 'primary key':
      return c.key.name;
    case 'unique':
      return c.unique.name;
    case 'foreign key':
      return c.foreignKey.name;
    case 'check':
      return c.check.name;
    case 'exclusion':
      return c.exclusion.name;
  }
}

export function reverseChange(c: Change): Change {
  switch (c.kind) {
    case 'createSchema':
      return { kind: 'dropSchema', name: c.name };
    case 'dropSchema':
      return { kind: 'createSchema', name: c.name };
    case 'createExtension':
      return { kind: 'dropExtension', extension: c.extension };
    case 'dropExtension':
      return { kind: 'createExtension', extension: c.extension };
    case 'createTable':
      return { kind: 'dropTable', table: c.table };
    case 'dropTable':
      return { kind: 'createTable', table: c.table };
    case 'renameTable':
      return { kind: 'renameTable', table: { schema: c.table.schema, name: c.to }, to: c.table.name };
    case 'addColumn':
      return { kind: 'dropColumn', table: c.table, column: c.column };
    case 'dropColumn':
      return { kind: 'addColumn', table: c.table, column: c.column };
    case 'renameColumn':
      return { kind: 'renameColumn', table: c.table, from: c.to, to: c.from };
    case 'alterColumn':
      return { kind: 'alterColumn', table: c.table, from: c.to, to: c.from };
    case 'alterTableOptions':
      return { kind: 'alterTableOptions', table: c.table, from: c.to, to: c.from };
    case 'addConstraint':
      return { kind: 'dropConstraint', table: c.table, constraint: c.constraint };
    case 'dropConstraint':
      return { kind: 'addConstraint', table: c.table, constraint: c.constraint };
    case 'renameConstraint':
    case 'renameIndex':
      return { ...c, from: c.to, to: c.from };
    case 'createIndex':
      return { kind: 'dropIndex', table: c.table, index: c.index };
    case 'dropIndex':
      return { kind: 'createIndex', table: c.table, index: c.index };
    case 'createEnum':
      return { kind: 'dropEnum', enum: c.enum };
    case 'dropEnum':
      return { kind: 'createEnum', enum: c.enum };
    case 'addEnumValue':
      return { kind: 'replaceEnum', from: c.to, to: c.from };
    case 'replaceEnum':
      return { kind: 'replaceEnum', from: c.to, to: c.from };
    case 'createDomain':
      return { kind: 'dropDomain', domain: c.domain };
    case 'dropDomain':
      return { kind: 'createDomain', domain: c.domain };
    case 'alterDomain':
      return { kind: 'alterDomain', from: c.to, to: c.from };
    case 'createSequence':
      return { kind: 'dropSequence', sequence: c.sequence };
    case 'dropSequence':
      return { kind: 'createSequence', sequence: c.sequence };
    case 'alterSequence':
      return { kind: 'alterSequence', from: c.to, to: c.from };
    case 'createView':
      return { kind: 'dropView', view: c.view };
    case 'dropView':
      return { kind: 'createView', view: c.view };
    case 'createTrigger':
      return { kind: 'dropTrigger', table: c.table, trigger: c.trigger };
    case 'dropTrigger':
      return { kind: 'createTrigger', table: c.table, trigger: c.trigger };
    case 'createRoutine':
      return { kind: 'dropRoutine', routine: c.routine };
    case 'dropRoutine':
      return { kind: 'createRoutine', routine: c.routine };
    case 'replaceRoutine':
      return { kind: 'replaceRoutine', from: c.to, to: c.from };
    case 'setComment':
      return { kind: 'setComment', target: c.target, from: c.to, to: c.from };
  }
}

/** What a change touches, named for people. */
/**
 * The objects a change belongs to, as autogenerate's `include` names them (schema.name): a
 * column's table, an index's table, a type. Both names of a renamed table, so that including
 * it keeps the rename. None for a schema or an extension, which `include` does not filter.
 */
export function ownersOf(c: Change): string[] {
  switch (c.kind) {
    case 'createSchema':
    case 'dropSchema':
    case 'createExtension':
    case 'dropExtension':
      return [];
    case 'createTable':
    case 'dropTable':
      return [qualified(c.table)];
    case 'renameTable':
      return [qualified(c.table), `${c.table.schema}.${c.to}`];
    case 'createEnum':
    case 'dropEnum':
      return [qualified(c.enum)];
    case 'addEnumValue':
    case 'replaceEnum':
    case 'alterSequence':
    case 'replaceRoutine':
    case 'alterDomain':
      return [qualified(c.to)];
    case 'createDomain':
    case 'dropDomain':
      return [qualified(c.domain)];
    case 'createSequence':
    case 'dropSequence':
      return [qualified(c.sequence)];
    case 'createView':
    case 'dropView':
      return [qualified(c.view)];
    case 'createRoutine':
    case 'dropRoutine':
      return [qualified(c.routine)];
    case 'setComment':
      return [qualified(c.target.object)];
    default:
      return [qualified(c.table)];
  }
}

export function describeObject(c: Change): string {
  switch (c.kind) {
    case 'createSchema':
    case 'dropSchema':
      return `schema ${c.name}`;
    case 'createExtension':
    case 'dropExtension':
      return `extension ${c.extension.name}`;
    case 'createTable':
    case 'dropTable':
      return `table ${qualified(c.table)}`;
    case 'renameTable':
      return `table ${qualified(c.table)} → ${c.to}`;
    case 'alterTableOptions':
      return `table ${qualified(c.table)} options (${c.to.join(', ')})`;
    case 'addColumn':
    case 'dropColumn':
      return `column ${qualified(c.table)}.${c.column.name}`;
    case 'alterColumn':
      return `column ${qualified(c.table)}.${c.to.name}`;
    case 'renameColumn':
      return `column ${qualified(c.table)}.${c.from} → ${c.to}`;
    case 'addConstraint':
    case 'dropConstraint':
      return `${c.constraint.type} ${constraintName(c.constraint) ?? '(unnamed)'} on ${qualified(c.table)}`;
    case 'renameConstraint':
      return `constraint ${c.from} → ${c.to} on ${qualified(c.table)}`;
    case 'createIndex':
    case 'dropIndex':
      return `index ${c.table.schema}.${c.index.name}`;
    case 'renameIndex':
      return `index ${c.table.schema}.${c.from} → ${c.to}`;
    case 'createEnum':
    case 'dropEnum':
      return `type ${qualified(c.enum)}`;
    case 'addEnumValue':
      return `type ${qualified(c.to)} value '${c.value}'`;
    case 'replaceEnum':
      return `type ${qualified(c.to)}`;
    case 'createDomain':
    case 'dropDomain':
      return `domain ${qualified(c.domain)}`;
    case 'alterDomain':
      return `domain ${qualified(c.to)}`;
    case 'createSequence':
    case 'dropSequence':
      return `sequence ${qualified(c.sequence)}`;
    case 'alterSequence':
      return `sequence ${qualified(c.to)}`;
    case 'createView':
    case 'dropView':
      return `${c.view.materialized ? 'materialized view' : 'view'} ${qualified(c.view)}`;
    case 'createTrigger':
    case 'dropTrigger':
      return `trigger ${c.trigger.name} on ${qualified(c.table)}`;
    case 'createRoutine':
    case 'dropRoutine':
      return `${c.routine.kind} ${qualified(c.routine)}(${c.routine.arguments})`;
    case 'replaceRoutine':
      return `${c.to.kind} ${qualified(c.to)}(${c.to.arguments})`;
    case 'setComment':
      return (
        `comment on ${c.target.kind} ${qualified(c.target.object)}` +
        `${c.target.kind === 'column' ? `.${c.target.column}` : ''}`
      );
  }
}
