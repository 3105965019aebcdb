-- CreateTable
CREATE TABLE "StateEntry" (
    "storeName" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" BLOB NOT NULL,
    "etag" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("storeName", "key")
);

-- CreateTable
CREATE TABLE "WorkflowDeclaration" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "metadata" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
