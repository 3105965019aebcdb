-- CreateTable
CREATE TABLE "StateEntry" (
    "storeName" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BYTEA NOT NULL,
    "etag" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StateEntry_pkey" PRIMARY KEY ("storeName","key")
);

-- CreateTable
CREATE TABLE "WorkflowDeclaration" (
    "name" TEXT NOT NULL,
    "metadata" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WorkflowDeclaration_pkey" PRIMARY KEY ("name")
);
