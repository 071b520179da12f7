-- strata:revision e45df46a870b
-- strata:parents 3e5755fbda8c, ef1a2e082c82
-- strata:message merge billing into main
-- strata:created 2026-04-03T11:22:24Z

-- strata:upgrade
-- merge: no schema change

-- strata:downgrade
-- merge: no schema change
