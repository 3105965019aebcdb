-- CreateTable
CREATE TABLE "WorkflowInstance" (
    "instanceId" TEXT NOT NULL PRIMARY KEY,
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
    "waitingForEventSince" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "lastUpdatedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    "scheduledStartAt" DATETIME,
    "historyLength" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "lockedBy" TEXT,
    "lockExpiresAt" DATETIME
);

-- CreateTable
CREATE TABLE "HistoryEvent" (
    "instanceId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "eventType" TEXT NOT NULL,
    "eventId" INTEGER NOT NULL,
    "name" TEXT,
    "timestamp" DATETIME NOT NULL,
    "data" TEXT NOT NULL,

    PRIMARY KEY ("instanceId", "sequence")
);

-- CreateTable
CREATE TABLE "InboxMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "instanceId" TEXT NOT NULL,
    "executionId" TEXT,
    "event" TEXT NOT NULL,
    "visibleAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ActivityTask" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "instanceId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "input" TEXT,
    "visibleAt" DATETIME NOT NULL,
    "lockedBy" TEXT,
    "lockExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ActivityLog" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "instanceId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "message" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "InventoryItem" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "quantity" INTEGER NOT NULL,
    "pricePerItem" REAL NOT NULL
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
