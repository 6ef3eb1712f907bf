-- Full-text search of /api/stories?q= and /stories?q= (src/store/published-stories.ts). An expression index,
-- which schema.prisma cannot describe: the query must use exactly this expression for Postgres to use it.
CREATE INDEX "Article_search_idx" ON "Article" USING GIN (to_tsvector('simple'::regconfig, "title" || ' ' || coalesce("text", '')));
