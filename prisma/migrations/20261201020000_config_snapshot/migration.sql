-- CreateTable
CREATE TABLE "ConfigSnapshot" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConfigSnapshot_pkey" PRIMARY KEY ("id")
);

