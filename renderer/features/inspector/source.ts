// Where a revision's SQL comes from. An Alembic revision is a Python module (the only
// revision files that end in .py): the SQL shown is what alembic renders for it offline, so
// it cannot be edited or fixed here, and its line numbers count lines of that offline SQL,
// not of the module.
export function isAlembicModule(detail: { readonly file: string }): boolean {
  return detail.file.endsWith('.py');
}

export const ALEMBIC_EDIT_REASON =
  "An Alembic revision's source is its Python module: edit the .py file; this SQL is what alembic renders offline";

export const ALEMBIC_FIX_REASON =
  'Fixes rewrite SQL revision files; this revision is a Python module, so change its operations in the .py file';
