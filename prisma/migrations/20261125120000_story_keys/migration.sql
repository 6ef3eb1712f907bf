-- AlterTable
ALTER TABLE "Article" ADD COLUMN     "storyKeys" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateIndex
CREATE INDEX "Article_storyKeys_idx" ON "Article" USING GIN ("storyKeys");

