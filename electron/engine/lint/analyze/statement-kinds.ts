// The statement kinds (parser node names) without an analyzer of their own: those that lock no
// existing relation, those PostgreSQL refuses inside a transaction block, and those whose locks
// cannot be predicted from the text. With the analyzers of statement.ts they cover every
// statement the parser knows (held so by analyze/statement-kinds.test.ts).

/** Kinds that touch no existing relation: they create new objects, set state, or act on non-relations. */
export const NO_RELATION_LOCKS: ReadonlySet<string> = new Set([
  'VariableSetStmt',
  'VariableShowStmt',
  'CreateSeqStmt',
  'CreateFunctionStmt',
  'CreateEnumStmt',
  'CreateDomainStmt',
  'CreateSchemaStmt',
  'CreateExtensionStmt',
  'DefineStmt',
  'CompositeTypeStmt',
  'CreateRangeStmt',
  'AlterFunctionStmt',
  'AlterOwnerStmt',
  'AlterRoleStmt',
  'AlterRoleSetStmt',
  'CreateRoleStmt',
  'DropRoleStmt',
  'GrantRoleStmt',
  'TransactionStmt',
  'CreateCastStmt',
  'CreateConversionStmt',
  'CreateTransformStmt',
  'CreateOpClassStmt',
  'CreateOpFamilyStmt',
  'AlterOpFamilyStmt',
  'AlterOperatorStmt',
  'AlterTypeStmt',
  'AlterCollationStmt',
  'AlterExtensionStmt',
  'AlterExtensionContentsStmt',
  'AlterDefaultPrivilegesStmt',
  'AlterTableSpaceOptionsStmt',
  'AlterStatsStmt',
  'AlterTSDictionaryStmt',
  'AlterTSConfigurationStmt',
  'CreateFdwStmt',
  'AlterFdwStmt',
  'CreateForeignServerStmt',
  'AlterForeignServerStmt',
  'CreateUserMappingStmt',
  'AlterUserMappingStmt',
  'DropUserMappingStmt',
  'ImportForeignSchemaStmt',
  'CreateAmStmt',
  'CreateEventTrigStmt',
  'AlterEventTrigStmt',
  'CreatePLangStmt',
  'AlterDatabaseSetStmt',
  'AlterDatabaseRefreshCollStmt',
  'AlterSubscriptionStmt',
  'DropSubscriptionStmt',
  'NotifyStmt',
  'ListenStmt',
  'UnlistenStmt',
  'LoadStmt',
  'CheckPointStmt',
  'ConstraintsSetStmt',
  // A cursor's locks are taken by its DECLARE; FETCH and CLOSE add none.
  'FetchStmt',
  'ClosePortalStmt',
  'DeallocateStmt',
  'PrepareStmt',
]);

/** Kinds PostgreSQL refuses inside a transaction block, whatever their options. */
export const NEVER_IN_TRANSACTION: ReadonlySet<string> = new Set([
  'CreatedbStmt',
  'DropdbStmt',
  'AlterSystemStmt',
  'CreateTableSpaceStmt',
  'DropTableSpaceStmt',
]);

const REHEARSE =
  'a rehearsal runs it in a transaction that is rolled back and lists the locks it actually takes (pg_locks)';

/**
 * Kinds whose locks depend on what is in the database or in code the analyzer does not follow:
 * why, and what would show them. Reported by the unknown-locks rule.
 */
export const UNPREDICTABLE: Readonly<Record<string, string>> = {
  DoStmt:
    `a DO block runs procedural code the analyzer does not follow, so its locks, ` +
    `rewrites and scans cannot be predicted: ${REHEARSE}, with its duration`,
  CallStmt: `CALL runs a procedure whose body the analyzer does not follow: ${REHEARSE} (unless the procedure commits)`,
  ExecuteStmt: `EXECUTE runs a statement prepared elsewhere: ${REHEARSE}`,
  DropOwnedStmt:
    `DROP OWNED drops every object the role owns, each table under ACCESS EXCLUSIVE; ` +
    `which ones is in the database, not in the text: ${REHEARSE}`,
  ReassignOwnedStmt:
    `REASSIGN OWNED changes the owner of every object the role owns, ` +
    `each table under ACCESS EXCLUSIVE; which ones is in the database: ${REHEARSE}`,
  AlterTableMoveAllStmt:
    `ALTER ... ALL IN TABLESPACE moves (copies) ` +
    `every relation of the tablespace under ACCESS EXCLUSIVE; which ones is in the database: ${REHEARSE}`,
};
