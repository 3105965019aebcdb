-- DropIndex
DROP INDEX "WorkflowInstance_waitingKind_waitingName_waitingSince_idx";

-- DropIndex
DROP INDEX "WorkflowInstance_durationMs_idx";

-- DropIndex
DROP INDEX "WorkflowInstance_completedAt_idx";

-- DropIndex
DROP INDEX "WorkflowInstance_lastUpdatedAt_idx";

-- DropIndex
DROP INDEX "WorkflowInstance_parentInstanceId_idx";

-- DropIndex
DROP INDEX "WorkflowInstance_name_createdAt_idx";

-- DropIndex
DROP INDEX "WorkflowInstance_status_createdAt_idx";

-- DropIndex
DROP INDEX "WorkflowInstance_createdAt_idx";

-- CreateIndex
CREATE INDEX "WorkflowInstance_createdAt_instanceId_idx" ON "WorkflowInstance"("createdAt", "instanceId");

-- CreateIndex
CREATE INDEX "WorkflowInstance_lastUpdatedAt_createdAt_instanceId_idx" ON "WorkflowInstance"("lastUpdatedAt", "createdAt", "instanceId");

-- CreateIndex
CREATE INDEX "WorkflowInstance_completedAt_createdAt_instanceId_idx" ON "WorkflowInstance"("completedAt", "createdAt", "instanceId");

-- CreateIndex
CREATE INDEX "WorkflowInstance_durationMs_createdAt_instanceId_idx" ON "WorkflowInstance"("durationMs", "createdAt", "instanceId");

-- CreateIndex
CREATE INDEX "WorkflowInstance_waitingKind_waitingName_waitingSince_status_idx" ON "WorkflowInstance"("waitingKind", "waitingName", "waitingSince", "status");

-- CreateIndex
CREATE INDEX "WorkflowInstance_status_createdAt_instanceId_name_scheduledStartAt_idx" ON "WorkflowInstance"("status", "createdAt", "instanceId", "name", "scheduledStartAt");

-- CreateIndex
CREATE INDEX "WorkflowInstance_name_createdAt_instanceId_idx" ON "WorkflowInstance"("name", "createdAt", "instanceId");

-- CreateIndex
CREATE INDEX "WorkflowInstance_parentInstanceId_status_idx" ON "WorkflowInstance"("parentInstanceId", "status");
