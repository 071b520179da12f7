BEGIN;
--
-- Alter field title on product
--
ALTER TABLE "shop_product" ALTER COLUMN "title" TYPE varchar(250);
--
-- Alter field price on product
--
ALTER TABLE "shop_product" ALTER COLUMN "price" TYPE numeric(12, 2) USING "price"::numeric(12, 2);
--
-- Alter field slug on category
--
ALTER TABLE "shop_category" ALTER COLUMN "slug" TYPE varchar(100);
COMMIT;
