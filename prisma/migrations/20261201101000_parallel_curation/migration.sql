-- Curations run in parallel without a global lock: each records the transaction that wrote it, so a curation can
-- tell which stories changed and which articles were curated concurrently with its reads.
ALTER TABLE "Article" ADD COLUMN "curatedXid" BIGINT;
ALTER TABLE "Story" ADD COLUMN "writtenXid" BIGINT;

CREATE INDEX "Article_curatedXid_idx" ON "Article"("curatedXid");
