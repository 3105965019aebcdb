-- CreateTable
CREATE TABLE "ApprovalWebhook" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowName" TEXT,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "webhookUrl" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestId" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "lastError" TEXT,
    "lastStatus" INTEGER,
    "deliveredAt" DATETIME,
    "leasedBy" TEXT,
    "leasedUntil" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ApprovalWebhook_workflowName_idx" ON "ApprovalWebhook"("workflowName");

-- CreateIndex
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "WebhookDelivery_createdAt_idx" ON "WebhookDelivery"("createdAt");
