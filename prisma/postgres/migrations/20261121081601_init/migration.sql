-- CreateTable
CREATE TABLE "WorkflowInstance" (
    "instanceId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "input" TEXT,
    "output" TEXT,
    "customStatus" TEXT,
    "failureType" TEXT,
    "failureMessage" TEXT,
    "failureStack" TEXT,
    "parentInstanceId" TEXT,
    "parentTaskId" INTEGER,
    "waitingOn" TEXT,
    "waitingForEventSince" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastUpdatedAt" TIMESTAMP(3) NOT NULL,
    "completedAt" TIMESTAMP(3),
    "scheduledStartAt" TIMESTAMP(3),
    "historyLength" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockExpiresAt" TIMESTAMP(3),

    CONSTRAINT "WorkflowInstance_pkey" PRIMARY KEY ("instanceId")
);

-- CreateTable
CREATE TABLE "HistoryEvent" (
    "instanceId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "eventType" TEXT NOT NULL,
    "eventId" INTEGER NOT NULL,
    "name" TEXT,
    "timestamp" TIMESTAMP(3) NOT NULL,
    "data" TEXT NOT NULL,

    CONSTRAINT "HistoryEvent_pkey" PRIMARY KEY ("instanceId","sequence")
);

-- CreateTable
CREATE TABLE "InboxMessage" (
    "id" SERIAL NOT NULL,
    "instanceId" TEXT NOT NULL,
    "executionId" TEXT,
    "event" TEXT NOT NULL,
    "visibleAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityTask" (
    "id" SERIAL NOT NULL,
    "instanceId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "input" TEXT,
    "visibleAt" TIMESTAMP(3) NOT NULL,
    "lockedBy" TEXT,
    "lockExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivityTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActivityLog" (
    "id" SERIAL NOT NULL,
    "instanceId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivityLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InventoryItem" (
    "name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "pricePerItem" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "InventoryItem_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "WorkflowInstance_createdAt_idx" ON "WorkflowInstance"("createdAt");

-- CreateIndex
CREATE INDEX "WorkflowInstance_status_createdAt_idx" ON "WorkflowInstance"("status", "createdAt");

-- CreateIndex
CREATE INDEX "WorkflowInstance_name_createdAt_idx" ON "WorkflowInstance"("name", "createdAt");

-- CreateIndex
CREATE INDEX "WorkflowInstance_parentInstanceId_idx" ON "WorkflowInstance"("parentInstanceId");

-- CreateIndex
CREATE INDEX "WorkflowInstance_waitingForEventSince_idx" ON "WorkflowInstance"("waitingForEventSince");

-- CreateIndex
CREATE INDEX "InboxMessage_visibleAt_idx" ON "InboxMessage"("visibleAt");

-- CreateIndex
CREATE INDEX "InboxMessage_instanceId_id_idx" ON "InboxMessage"("instanceId", "id");

-- CreateIndex
CREATE INDEX "ActivityTask_visibleAt_idx" ON "ActivityTask"("visibleAt");

-- CreateIndex
CREATE INDEX "ActivityTask_instanceId_idx" ON "ActivityTask"("instanceId");

-- CreateIndex
CREATE INDEX "ActivityLog_instanceId_id_idx" ON "ActivityLog"("instanceId", "id");
