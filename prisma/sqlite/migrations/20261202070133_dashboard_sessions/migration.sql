-- CreateTable
CREATE TABLE "DashboardSession" (
    "idHash" TEXT NOT NULL PRIMARY KEY,
    "tokenDigest" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "DashboardSession_expiresAt_idx" ON "DashboardSession"("expiresAt");
