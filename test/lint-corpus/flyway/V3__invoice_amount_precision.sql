alter table if exists invoice alter column amount set data type numeric(16,2);
alter table if exists invoice alter column id set data type bigint;
