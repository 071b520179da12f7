// The text of a revision as its history row keeps it when applied, and as the inspector
// renders the file now to diff against it: the upgrade, then the downgrade under its marker.
// Pure; the same function on both sides, so an unedited revision shows no difference.

export function revisionText(upgradeSql: string, downgradeSql: string | null | undefined): string {
  const up = upgradeSql.replace(/\s+$/, '');
  return downgradeSql === null || downgradeSql === undefined
    ? `${up}\n`
    : `${up}\n\n-- strata:downgrade\n${downgradeSql.replace(/\s+$/, '')}\n`;
}
