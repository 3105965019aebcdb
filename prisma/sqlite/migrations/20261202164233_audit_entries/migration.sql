-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actorKind" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "actorId" TEXT,
    "address" TEXT,
    "action" TEXT NOT NULL,
    "instanceId" TEXT,
    "target" TEXT,
    "payloadHash" TEXT,
    "payload" TEXT,
    "reason" TEXT,
    "outcome" TEXT NOT NULL,
    "status" INTEGER,
    "code" TEXT,
    "details" TEXT
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_actorName_at_idx" ON "AuditEntry"("actorName", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_action_at_idx" ON "AuditEntry"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_instanceId_at_idx" ON "AuditEntry"("instanceId", "at");
