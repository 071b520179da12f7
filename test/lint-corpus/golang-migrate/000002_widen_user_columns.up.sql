ALTER TABLE users ALTER COLUMN email TYPE varchar(320);
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(120);
ALTER TABLE users ALTER COLUMN balance TYPE numeric(14,2);
