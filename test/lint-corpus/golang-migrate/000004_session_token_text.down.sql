ALTER TABLE users ALTER COLUMN bio TYPE text;
ALTER TABLE sessions ALTER COLUMN token TYPE varchar(64);
