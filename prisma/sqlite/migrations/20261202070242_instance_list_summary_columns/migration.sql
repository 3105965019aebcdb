-- AlterTable
ALTER TABLE "WorkflowInstance" ADD COLUMN "durationMs" BIGINT;
ALTER TABLE "WorkflowInstance" ADD COLUMN "waitingKind" TEXT;
ALTER TABLE "WorkflowInstance" ADD COLUMN "waitingName" TEXT;
ALTER TABLE "WorkflowInstance" ADD COLUMN "waitingSince" DATETIME;

-- CreateIndex
CREATE INDEX "WorkflowInstance_lastUpdatedAt_idx" ON "WorkflowInstance"("lastUpdatedAt");

-- CreateIndex
CREATE INDEX "WorkflowInstance_completedAt_idx" ON "WorkflowInstance"("completedAt");

-- CreateIndex
CREATE INDEX "WorkflowInstance_durationMs_idx" ON "WorkflowInstance"("durationMs");

-- CreateIndex
CREATE INDEX "WorkflowInstance_waitingKind_waitingName_waitingSince_idx" ON "WorkflowInstance"("waitingKind", "waitingName", "waitingSince");

-- CreateIndex
CREATE INDEX "WorkflowInstance_failureType_idx" ON "WorkflowInstance"("failureType");

-- Backfill: the duration of finished instances and the main wait of the others, as the store writes them from now on.
UPDATE "WorkflowInstance" SET "durationMs" = CAST(ROUND((julianday("completedAt") - julianday("createdAt")) * 86400000) AS INTEGER)
WHERE "completedAt" IS NOT NULL;
UPDATE "WorkflowInstance" SET
  "waitingKind" = CASE
    WHEN json_array_length("waitingOn", '$.events') > 0 OR json_type("waitingOn", '$.unnamedEvent') IS NOT NULL THEN 'event'
    WHEN json_array_length("waitingOn", '$.activities') > 0 THEN 'activity'
    WHEN json_array_length("waitingOn", '$.children') > 0 THEN 'child'
    WHEN json_array_length("waitingOn", '$.timers') > 0 THEN 'timer' END,
  "waitingName" = CASE
    WHEN json_array_length("waitingOn", '$.events') > 0 THEN json_extract("waitingOn", '$.events[0].name')
    WHEN json_type("waitingOn", '$.unnamedEvent') IS NOT NULL THEN NULL
    WHEN json_array_length("waitingOn", '$.activities') > 0 THEN json_extract("waitingOn", '$.activities[0].name')
    WHEN json_array_length("waitingOn", '$.children') > 0 THEN json_extract("waitingOn", '$.children[0].name')
    ELSE json_extract("waitingOn", '$.timers[0].name') END,
  "waitingSince" = CASE
    WHEN json_array_length("waitingOn", '$.events') > 0 THEN "waitingForEventSince"
    WHEN json_type("waitingOn", '$.unnamedEvent') IS NOT NULL THEN "waitingForEventSince"
    WHEN json_array_length("waitingOn", '$.activities') > 0 THEN strftime('%Y-%m-%dT%H:%M:%f+00:00', json_extract("waitingOn", '$.activities[0].scheduledAt'))
    WHEN json_array_length("waitingOn", '$.children') > 0 OR json_array_length("waitingOn", '$.timers') > 0 THEN "lastUpdatedAt" END
WHERE "completedAt" IS NULL AND "waitingOn" IS NOT NULL AND json_valid("waitingOn");
