-- CreateTable
CREATE TABLE "ApprovalRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "instanceId" TEXT NOT NULL,
    "workflowName" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "details" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "createdBy" TEXT NOT NULL,
    "dueAt" DATETIME,
    "escalation" TEXT,
    "escalatedAt" DATETIME,
    "approvePayload" TEXT,
    "rejectPayload" TEXT,
    "approved" BOOLEAN,
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "comment" TEXT,
    "closedReason" TEXT
);

-- CreateTable
CREATE TABLE "ApprovalAssignee" (
    "requestId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    PRIMARY KEY ("requestId", "kind", "value"),
    CONSTRAINT "ApprovalAssignee_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ApprovalRequest" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MessageReceipt" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "record" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ApprovalRequest_status_dueAt_createdAt_idx" ON "ApprovalRequest"("status", "dueAt", "createdAt");

-- CreateIndex
CREATE INDEX "ApprovalRequest_instanceId_eventName_status_idx" ON "ApprovalRequest"("instanceId", "eventName", "status");

-- CreateIndex
CREATE INDEX "ApprovalRequest_workflowName_status_idx" ON "ApprovalRequest"("workflowName", "status");

-- CreateIndex
CREATE INDEX "ApprovalAssignee_kind_value_idx" ON "ApprovalAssignee"("kind", "value");
