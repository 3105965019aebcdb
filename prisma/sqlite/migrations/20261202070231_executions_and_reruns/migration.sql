-- CreateTable
CREATE TABLE "ClosedExecution" (
    "instanceId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "executionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "input" TEXT,
    "output" TEXT,
    "startedAt" DATETIME NOT NULL,
    "closedAt" DATETIME NOT NULL,
    "historyLength" INTEGER NOT NULL,
    "history" TEXT NOT NULL,

    PRIMARY KEY ("instanceId", "index")
);

-- CreateTable
CREATE TABLE "RerunLink" (
    "instanceId" TEXT NOT NULL PRIMARY KEY,
    "sourceInstanceId" TEXT NOT NULL,
    "sourceExecutionId" TEXT NOT NULL,
    "fromEventId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RerunLink_sourceInstanceId_createdAt_idx" ON "RerunLink"("sourceInstanceId", "createdAt");
