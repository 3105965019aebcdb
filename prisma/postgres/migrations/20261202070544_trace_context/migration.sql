-- AlterTable
ALTER TABLE "ActivityTask" ADD COLUMN     "traceParent" TEXT,
ADD COLUMN     "traceState" TEXT;

-- AlterTable
ALTER TABLE "WorkflowInstance" ADD COLUMN     "traceParent" TEXT,
ADD COLUMN     "traceState" TEXT;
