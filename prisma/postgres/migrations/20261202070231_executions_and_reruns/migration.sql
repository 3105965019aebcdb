-- CreateTable
CREATE TABLE "ClosedExecution" (
    "instanceId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "executionId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "input" TEXT,
    "output" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "historyLength" INTEGER NOT NULL,
    "history" TEXT NOT NULL,

    CONSTRAINT "ClosedExecution_pkey" PRIMARY KEY ("instanceId","index")
);

-- CreateTable
CREATE TABLE "RerunLink" (
    "instanceId" TEXT NOT NULL,
    "sourceInstanceId" TEXT NOT NULL,
    "sourceExecutionId" TEXT NOT NULL,
    "fromEventId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RerunLink_pkey" PRIMARY KEY ("instanceId")
);

-- CreateIndex
CREATE INDEX "RerunLink_sourceInstanceId_createdAt_idx" ON "RerunLink"("sourceInstanceId", "createdAt");
