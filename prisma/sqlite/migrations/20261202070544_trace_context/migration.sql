-- AlterTable
ALTER TABLE "ActivityTask" ADD COLUMN "traceParent" TEXT;
ALTER TABLE "ActivityTask" ADD COLUMN "traceState" TEXT;

-- AlterTable
ALTER TABLE "WorkflowInstance" ADD COLUMN "traceParent" TEXT;
ALTER TABLE "WorkflowInstance" ADD COLUMN "traceState" TEXT;
