-- AlterTable
ALTER TABLE "ActivityTask" ADD COLUMN     "attempt" INTEGER NOT NULL DEFAULT 1;
