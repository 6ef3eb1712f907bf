-- (No semicolons in these comments: the migration runner splits the script on them.)
-- An article's 40 LSH bands move from 40 rows of LshBand into one array on the article, GIN-indexed like
-- storyKeyHashes (intarray). Each curation inserted 40 rows (and 40 foreign-key checks) into a table that, with
-- its two indexes, grew by about 7 KB an article, and read them back through one join per band. Now a band is one
-- 32-bit integer that folds the band's index into its hash (band_key below, the same as bandKeysOf in
-- src/store/story-store.ts). Two different bands sharing a key (about 1 in 4 billion pairs) only make an article a
-- candidate: whether two articles share a band is decided from their signatures.
-- Like storyKeyHashes, the column and its index are known only here: schema.prisma cannot describe the operator class.
ALTER TABLE "Article" ADD COLUMN "bandHashes" INT4[] NOT NULL DEFAULT '{}';

UPDATE "Article" a SET "bandHashes" = b.keys
  FROM (SELECT "articleId",
               uniq(sort(array_agg(((((hash # (band::bigint * 2654435761)) & 4294967295) # 2147483648)
                                    - 2147483648)::int4))) AS keys
          FROM "LshBand" GROUP BY "articleId") b
 WHERE a.id = b."articleId";

CREATE INDEX "Article_bandHashes_idx" ON "Article" USING GIN ("bandHashes" gin__int_ops);

DROP TABLE "LshBand";
