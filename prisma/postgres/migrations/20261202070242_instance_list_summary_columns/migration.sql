-- AlterTable
ALTER TABLE "WorkflowInstance" ADD COLUMN     "durationMs" BIGINT,
ADD COLUMN     "waitingKind" TEXT,
ADD COLUMN     "waitingName" TEXT,
ADD COLUMN     "waitingSince" TIMESTAMP(3);

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
UPDATE "WorkflowInstance" SET "durationMs" = ROUND(EXTRACT(EPOCH FROM ("completedAt" - "createdAt")) * 1000)::bigint
WHERE "completedAt" IS NOT NULL;
UPDATE "WorkflowInstance" SET
  "waitingKind" = CASE
    WHEN jsonb_array_length(w.j->'events') > 0 OR w.j ? 'unnamedEvent' THEN 'event'
    WHEN jsonb_array_length(w.j->'activities') > 0 THEN 'activity'
    WHEN jsonb_array_length(w.j->'children') > 0 THEN 'child'
    WHEN jsonb_array_length(w.j->'timers') > 0 THEN 'timer' END,
  "waitingName" = CASE
    WHEN jsonb_array_length(w.j->'events') > 0 THEN w.j->'events'->0->>'name'
    WHEN w.j ? 'unnamedEvent' THEN NULL
    WHEN jsonb_array_length(w.j->'activities') > 0 THEN w.j->'activities'->0->>'name'
    WHEN jsonb_array_length(w.j->'children') > 0 THEN w.j->'children'->0->>'name'
    ELSE w.j->'timers'->0->>'name' END,
  "waitingSince" = CASE
    WHEN jsonb_array_length(w.j->'events') > 0 OR w.j ? 'unnamedEvent' THEN "WorkflowInstance"."waitingForEventSince"
    WHEN jsonb_array_length(w.j->'activities') > 0 THEN (w.j->'activities'->0->>'scheduledAt')::timestamptz AT TIME ZONE 'UTC'
    WHEN jsonb_array_length(w.j->'children') > 0 OR jsonb_array_length(w.j->'timers') > 0 THEN "WorkflowInstance"."lastUpdatedAt" END
FROM (SELECT "instanceId", "waitingOn"::jsonb AS j FROM "WorkflowInstance" WHERE "completedAt" IS NULL AND "waitingOn" IS NOT NULL) AS w
WHERE "WorkflowInstance"."instanceId" = w."instanceId";

