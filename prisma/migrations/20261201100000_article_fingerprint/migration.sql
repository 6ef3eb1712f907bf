-- The story stage's fingerprint of each article, stored at curation so candidates are decoded, never recomputed.
-- Existing articles have none: the story stage fingerprints them when they are next a candidate and stores it.
ALTER TABLE "Article" ADD COLUMN "fingerprint" BYTEA,
ADD COLUMN "fingerprintVersion" TEXT;
