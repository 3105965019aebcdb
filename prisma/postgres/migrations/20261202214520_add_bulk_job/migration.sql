-- CreateTable
CREATE TABLE "BulkJob" (
    "id" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "filter" TEXT NOT NULL,
    "reason" TEXT,
    "actorKind" TEXT NOT NULL,
    "actorName" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "instanceIds" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "nextIndex" INTEGER NOT NULL DEFAULT 0,
    "inFlight" TEXT,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "outcomes" TEXT NOT NULL,
    "cancelRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkJob_status_idx" ON "BulkJob"("status");

-- CreateIndex
CREATE INDEX "BulkJob_createdAt_idx" ON "BulkJob"("createdAt");
