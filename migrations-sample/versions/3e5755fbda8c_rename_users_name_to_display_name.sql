-- strata:revision 3e5755fbda8c
-- strata:parents 2bfa279ce6f3
-- strata:message rename users name to display name
-- strata:created 2026-03-07T17:45:43Z

-- strata:upgrade
ALTER TABLE users RENAME COLUMN name TO display_name;

-- strata:downgrade
ALTER TABLE users RENAME COLUMN display_name TO name;
