-- Pipeline states as enums. Written from `prisma migrate diff`, with the column type changes done in place (USING)
-- so existing rows keep their values, and each article's stage derived from what it had.

-- CreateEnum
CREATE TYPE "ArticleStage" AS ENUM ('listed', 'fetched', 'curated', 'failed');

-- CreateEnum
CREATE TYPE "ExtractStatus" AS ENUM ('pending', 'feed', 'ok', 'no-article', 'paywalled', 'not-html', 'listing', 'fetch-failed');

-- CreateEnum
CREATE TYPE "PollStatus" AS ENUM ('ok', 'not-modified', 'failed', 'skipped');

-- AlterTable: a null extractStatus meant "page not fetched yet"
ALTER TABLE "Article" ADD COLUMN     "failedReason" TEXT,
ADD COLUMN     "recoveredAt" TIMESTAMP(3),
ADD COLUMN     "recoveries" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "stage" "ArticleStage" NOT NULL DEFAULT 'listed',
ALTER COLUMN "extractStatus" TYPE "ExtractStatus" USING (COALESCE("extractStatus", 'pending')::"ExtractStatus"),
ALTER COLUMN "extractStatus" SET DEFAULT 'pending',
ALTER COLUMN "extractStatus" SET NOT NULL;

UPDATE "Article" SET "stage" = CASE
  WHEN "classifiedAt" IS NOT NULL THEN 'curated'::"ArticleStage"
  WHEN "extractStatus" <> 'pending' THEN 'fetched'::"ArticleStage"
  ELSE 'listed'::"ArticleStage"
END;

-- AlterTable
ALTER TABLE "Poll" ALTER COLUMN "status" TYPE "PollStatus" USING ("status"::"PollStatus");

-- CreateIndex
CREATE INDEX "Article_stage_sourceId_recoveredAt_idx" ON "Article"("stage", "sourceId", "recoveredAt");
