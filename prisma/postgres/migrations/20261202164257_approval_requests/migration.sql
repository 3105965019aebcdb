-- CreateTable
CREATE TABLE "ApprovalRequest" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "workflowName" TEXT NOT NULL,
    "eventName" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "details" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdBy" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3),
    "escalation" TEXT,
    "escalatedAt" TIMESTAMP(3),
    "approvePayload" TEXT,
    "rejectPayload" TEXT,
    "approved" BOOLEAN,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "comment" TEXT,
    "closedReason" TEXT,

    CONSTRAINT "ApprovalRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalAssignee" (
    "requestId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "ApprovalAssignee_pkey" PRIMARY KEY ("requestId","kind","value")
);

-- CreateTable
CREATE TABLE "MessageReceipt" (
    "key" TEXT NOT NULL,
    "record" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MessageReceipt_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "ApprovalRequest_status_dueAt_createdAt_idx" ON "ApprovalRequest"("status", "dueAt", "createdAt");

-- CreateIndex
CREATE INDEX "ApprovalRequest_instanceId_eventName_status_idx" ON "ApprovalRequest"("instanceId", "eventName", "status");

-- CreateIndex
CREATE INDEX "ApprovalRequest_workflowName_status_idx" ON "ApprovalRequest"("workflowName", "status");

-- CreateIndex
CREATE INDEX "ApprovalAssignee_kind_value_idx" ON "ApprovalAssignee"("kind", "value");

-- AddForeignKey
ALTER TABLE "ApprovalAssignee" ADD CONSTRAINT "ApprovalAssignee_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "ApprovalRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;
