-- CreateTable
CREATE TABLE "StoryAlias" (
    "id" UUID NOT NULL,
    "mergedInto" UUID NOT NULL,
    "mergedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StoryAlias_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "StoryAlias_mergedInto_idx" ON "StoryAlias"("mergedInto");

-- AddForeignKey
ALTER TABLE "StoryAlias" ADD CONSTRAINT "StoryAlias_mergedInto_fkey" FOREIGN KEY ("mergedInto") REFERENCES "Story"("id") ON DELETE CASCADE ON UPDATE CASCADE;

