-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN "inFlightActivities" INTEGER;
ALTER TABLE "WorkerHeartbeat" ADD COLUMN "inFlightSteps" INTEGER;
ALTER TABLE "WorkerHeartbeat" ADD COLUMN "version" TEXT;
