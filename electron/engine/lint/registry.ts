// Every rule, in one list. The linter runs the ones for the project's dialect; the CLI
// and docs/rules/ use the same list (each id has a docs/rules/<id>.md).
import type { LintDialect, Rule } from './rule.ts';
import { afterAccessExclusive } from './rules/after-access-exclusive.ts';
import { dropNotNull } from './rules/drop-not-null.ts';
import { jsonColumn } from './rules/json-column.ts';
import { lockTimeoutTooLong } from './rules/lock-timeout-too-long.ts';
import { renamingEnumValue } from './rules/renaming-enum-value.ts';
import { renamingSchema } from './rules/renaming-schema.ts';
import { addingRequiredField } from './rules/adding-required-field.ts';
import { alterDomainAddConstraint } from './rules/alter-domain-add-constraint.ts';
import { attachPartitionDefaultScan } from './rules/attach-partition-default-scan.ts';
import { changingColumnTypeRewrite } from './rules/changing-column-type-rewrite.ts';
import { cluster } from './rules/cluster.ts';
import { concurrentlyInTransaction } from './rules/concurrently-in-transaction.ts';
import { constraintMissingNotValid } from './rules/constraint-missing-not-valid.ts';
import { createTablePartitionOf } from './rules/create-table-partition-of.ts';
import { detachPartitionNonConcurrent } from './rules/detach-partition-non-concurrent.ts';
import { dropColumn } from './rules/drop-column.ts';
import { dropDatabase } from './rules/drop-database.ts';
import { dropSchema } from './rules/drop-schema.ts';
import { dropTable } from './rules/drop-table.ts';
import { enumAddValueInTransaction } from './rules/enum-add-value-in-transaction.ts';
import { enumValueOrdering } from './rules/enum-value-ordering.ts';
import { exclusionConstraint } from './rules/exclusion-constraint.ts';
import { foreignKeyLocksParent } from './rules/foreign-key-locks-parent.ts';
import { foreignKeyWithoutIndex } from './rules/foreign-key-without-index.ts';
import { primaryKeyWithoutIndex } from './rules/primary-key-without-index.ts';
import { refreshMatviewNonConcurrent } from './rules/refresh-matview-non-concurrent.ts';
import { reindexNonConcurrent } from './rules/reindex-non-concurrent.ts';
import { renamingColumn } from './rules/renaming-column.ts';
import { renamingTable } from './rules/renaming-table.ts';
import { requireConcurrentIndexCreation } from './rules/require-concurrent-index-creation.ts';
import { requireConcurrentIndexDeletion } from './rules/require-concurrent-index-deletion.ts';
import { requireLockTimeout } from './rules/require-lock-timeout.ts';
import { setLoggedRewrite } from './rules/set-logged-rewrite.ts';
import { setNotNullScan } from './rules/set-not-null-scan.ts';
import { setTablespaceRewrite } from './rules/set-tablespace-rewrite.ts';
import { statementTimeoutAroundRewrite } from './rules/statement-timeout-around-rewrite.ts';
import { sqliteAddColumnConstraint } from './rules/sqlite-add-column-constraint.ts';
import { sqliteDropColumn } from './rules/sqlite-drop-column.ts';
import { sqliteTableRebuild } from './rules/sqlite-table-rebuild.ts';
import { sqliteUnsupportedAlter } from './rules/sqlite-unsupported-alter.ts';
import { transactionControl } from './rules/transaction-control.ts';
import { truncateCascade } from './rules/truncate-cascade.ts';
import { truncate } from './rules/truncate.ts';
import { unbatchedDelete } from './rules/unbatched-delete.ts';
import { unbatchedUpdate } from './rules/unbatched-update.ts';
import { unknownLocks } from './rules/unknown-locks.ts';
import { uniqueConstraintWithoutIndex } from './rules/unique-constraint-without-index.ts';
import { vacuumFull } from './rules/vacuum-full.ts';
import { validateInSameTransaction } from './rules/validate-in-same-transaction.ts';
import { volatileDefaultRewrite } from './rules/volatile-default-rewrite.ts';

export const RULES: readonly Rule[] = [
  afterAccessExclusive,
  dropNotNull,
  jsonColumn,
  lockTimeoutTooLong,
  renamingEnumValue,
  renamingSchema,
  addingRequiredField,
  alterDomainAddConstraint,
  attachPartitionDefaultScan,
  changingColumnTypeRewrite,
  cluster,
  concurrentlyInTransaction,
  constraintMissingNotValid,
  createTablePartitionOf,
  detachPartitionNonConcurrent,
  dropColumn,
  dropDatabase,
  dropSchema,
  dropTable,
  enumAddValueInTransaction,
  enumValueOrdering,
  exclusionConstraint,
  foreignKeyLocksParent,
  foreignKeyWithoutIndex,
  primaryKeyWithoutIndex,
  refreshMatviewNonConcurrent,
  reindexNonConcurrent,
  renamingColumn,
  renamingTable,
  requireConcurrentIndexCreation,
  requireConcurrentIndexDeletion,
  requireLockTimeout,
  setLoggedRewrite,
  setNotNullScan,
  setTablespaceRewrite,
  statementTimeoutAroundRewrite,
  sqliteAddColumnConstraint,
  sqliteDropColumn,
  sqliteTableRebuild,
  sqliteUnsupportedAlter,
  transactionControl,
  truncateCascade,
  truncate,
  unbatchedDelete,
  unbatchedUpdate,
  uniqueConstraintWithoutIndex,
  unknownLocks,
  vacuumFull,
  validateInSameTransaction,
  volatileDefaultRewrite,
];

const BY_DIALECT: Readonly<Record<LintDialect, readonly Rule[]>> = {
  postgres: RULES.filter((r) => r.dialect === 'postgres'),
  sqlite: RULES.filter((r) => r.dialect === 'sqlite'),
};

export function rulesFor(dialect: LintDialect): readonly Rule[] {
  return BY_DIALECT[dialect];
}

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
