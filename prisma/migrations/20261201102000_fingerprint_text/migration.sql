-- The fingerprint is UTF-8 JSON: stored as text, Prisma's Postgres adapter hands it over as a string. As bytea it
-- turned every value into a JavaScript array of numbers (Array.from of the bytes) and back, which cost more than
-- the rest of a curation.
ALTER TABLE "Article" ALTER COLUMN "fingerprint" TYPE TEXT USING convert_from("fingerprint", 'UTF8');
