-- AlterTable
ALTER TABLE "Source" ADD COLUMN     "pollNotBefore" TIMESTAMP(3);

