// What the API's handlers need from the engine; the app passes the process's engine host, tests a memory-backed one.
import type { WorkflowClient, WorkflowStore } from '../engine';
import type { Registry } from '../engine/registry';
import type { InventoryStore } from '../workflows/inventory';
import type { WorkflowDeclarationStore } from '../workflows/workflow-declarations';
import type { Accounts } from '../auth/accounts';
import type { ApiTokens } from '../auth/api-tokens';
import type { AuditLog } from '../audit/prisma-audit-log';
import type { Approvals } from '../approvals/approvals';
import type { DbClient } from '../db/client';

/** The engine pieces the API drives, and the payload limit that bounds request bodies. */
export interface ApiContext {
  client: WorkflowClient;
  store: WorkflowStore;
  registry: Registry;
  inventory: InventoryStore;
  /** The engine's maxPayloadBytes (FLOWDECK_MAX_PAYLOAD_BYTES, default 1 MiB). */
  maxPayloadBytes: number;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  pingDatabase(): Promise<void>;
  /** Which database the process uses. */
  dialect: 'sqlite' | 'postgresql';
  /** How many remote SDK workers (GetWorkItems streams) are connected to this process now; absent means none. */
  connectedWorkers?(): number;
  /** The workflow metadata apps declared (PUT /api/workflows/{name}); absent where the process keeps none. */
  declarations?: WorkflowDeclarationStore;
  /** People's accounts, for admins (/api/users); absent where the process keeps none. */
  accounts?: Accounts;
  /** API tokens, for admins (/api/tokens); absent where the process keeps none. */
  apiTokens?: ApiTokens;
  /** The audit trail, for the Audit page (/api/audit); absent where the process keeps none. */
  audit?: AuditLog;
  /** Approval requests (/api/approvals); absent where the process keeps none. */
  approvals?: Approvals;
  /** The database bulk jobs are kept in (/api/bulk-jobs); absent where the process keeps none. */
  bulkJobs?: DbClient;
}
