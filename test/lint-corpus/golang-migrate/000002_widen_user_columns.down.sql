ALTER TABLE users ALTER COLUMN balance TYPE numeric(10,2);
ALTER TABLE users ALTER COLUMN display_name TYPE varchar(50);
ALTER TABLE users ALTER COLUMN email TYPE varchar(100);
