-- AlterTable
ALTER TABLE "WorkerHeartbeat" ADD COLUMN     "inFlightActivities" INTEGER,
ADD COLUMN     "inFlightSteps" INTEGER,
ADD COLUMN     "version" TEXT;
