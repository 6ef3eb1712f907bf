-- Links as the outlet gave them: "url" used to hold the canonical form (http upgraded to https, www. and AMP
-- folded), which may be a page the server never served. The canonical form moves to "canonicalKey", which keeps
-- "stored once" with its unique index: "url" becomes the outlet own link (from "originalUrl", and rows stored from
-- now on also lose tracking parameters, which SQL cannot do for old rows).

-- DropIndex
DROP INDEX "Article_url_key";

-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "canonicalKey" TEXT,
ADD COLUMN     "extractError" TEXT;

UPDATE "Article" SET "canonicalKey" = "url", "url" = "originalUrl";

ALTER TABLE "Article" ALTER COLUMN "canonicalKey" SET NOT NULL;

-- AlterTable
ALTER TABLE "Poll" ADD COLUMN     "dropped" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "Article_canonicalKey_key" ON "Article"("canonicalKey");
