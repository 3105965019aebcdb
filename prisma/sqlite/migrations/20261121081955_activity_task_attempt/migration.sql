-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ActivityTask" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "instanceId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "taskId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "input" TEXT,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "visibleAt" DATETIME NOT NULL,
    "lockedBy" TEXT,
    "lockExpiresAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);
INSERT INTO "new_ActivityTask" ("createdAt", "executionId", "id", "input", "instanceId", "lockExpiresAt", "lockedBy", "name", "taskId", "visibleAt") SELECT "createdAt", "executionId", "id", "input", "instanceId", "lockExpiresAt", "lockedBy", "name", "taskId", "visibleAt" FROM "ActivityTask";
DROP TABLE "ActivityTask";
ALTER TABLE "new_ActivityTask" RENAME TO "ActivityTask";
CREATE INDEX "ActivityTask_visibleAt_idx" ON "ActivityTask"("visibleAt");
CREATE INDEX "ActivityTask_instanceId_idx" ON "ActivityTask"("instanceId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
