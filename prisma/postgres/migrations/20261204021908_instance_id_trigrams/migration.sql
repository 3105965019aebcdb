-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension: a role that may create objects in the database may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "WorkflowInstance_instanceId_trgm_idx" ON "WorkflowInstance" USING GIN ("instanceId" gin_trgm_ops);
