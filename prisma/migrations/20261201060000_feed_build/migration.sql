-- CreateTable
CREATE TABLE "FeedBuild" (
    "id" UUID NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "feeds" INTEGER NOT NULL DEFAULT 0,
    "filesWritten" INTEGER NOT NULL DEFAULT 0,
    "filesUnchanged" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,

    CONSTRAINT "FeedBuild_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FeedBuild_startedAt_idx" ON "FeedBuild"("startedAt");

