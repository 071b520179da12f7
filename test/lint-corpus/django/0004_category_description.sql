BEGIN;
--
-- Add field description to category
--
ALTER TABLE "shop_category" ADD COLUMN "description" varchar(200) DEFAULT '' NOT NULL;
ALTER TABLE "shop_category" ALTER COLUMN "description" DROP DEFAULT;
--
-- Alter field description on category
--
ALTER TABLE "shop_category" ALTER COLUMN "description" TYPE text USING "description"::text;
COMMIT;
