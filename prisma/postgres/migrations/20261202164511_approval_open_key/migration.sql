-- AlterTable
ALTER TABLE "ApprovalRequest" ADD COLUMN     "openKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalRequest_openKey_key" ON "ApprovalRequest"("openKey");
