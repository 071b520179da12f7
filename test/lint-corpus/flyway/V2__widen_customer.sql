alter table if exists customer alter column full_name set data type varchar(200);
alter table if exists customer alter column email set data type varchar(320);
