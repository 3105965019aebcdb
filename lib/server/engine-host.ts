import packageJson from '../../package.json';
import { resolveDatabaseConfig } from '../db/config';
import { createPrismaClient, type DbClient } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { WorkflowRuntime, type WorkflowClient, type WorkflowStore } from '../engine';
import { combineTelemetry, NO_TELEMETRY } from '../engine/telemetry';
import { createMetricsTelemetry, type MetricsTelemetry } from '../observability/metrics';
import { metricsSettingsFromEnv } from '../observability/metrics-env';
import { installProcessMetrics } from '../observability/process-metrics';
import type { TracingTelemetry } from '../observability/tracing';
import { startTracingFromEnv } from '../observability/tracing-env';
import type { Registry } from '../engine/registry';
import { createDatabaseStore } from '../store/database-store';
import { registerBuiltInWorkflows } from '../workflows';
import { createPrismaInventory } from '../workflows/prisma-inventory';
import type { InventoryStore } from '../workflows/inventory';
import { engineOptionsFromEnv } from './engine-env';
import { createAuth, type FlowdeckAuth } from '../auth/better-auth';
import { ensureFirstAdmin } from '../auth/first-admin';
import { createPeople, type People } from '../auth/people';
import { createApiTokens, type ApiTokens } from '../auth/api-tokens';
import { PrismaSessionStore } from '../auth/prisma-session-store';
import type { DashboardSessionStore } from '../auth/session-store';
import { keepAuditLogIn } from '../audit/audit-log';
import { createAuditLog, type AuditLog } from '../audit/prisma-audit-log';
import { startWebhookDispatcher, stopWebhookDispatcher } from '../webhooks/webhook-process';
import { startProcessApprovals, type ProcessApprovals } from '../approvals/process-approvals';
import { startProcessRetention, type ProcessRetention } from '../retention/process-retention';
import { startProcessBulkJobs } from '../bulk-jobs/process-bulk-jobs';

/** Everything a server process needs to run and drive workflows. */
export interface EngineHost {
  runtime: WorkflowRuntime;
  client: WorkflowClient;
  store: WorkflowStore;
  registry: Registry;
  inventory: InventoryStore;
  prisma: DbClient;
  /** The dashboard's sign-in sessions (DashboardSession table). */
  sessions?: DashboardSessionStore;
  /** Sign-in for people (Better Auth) and who they are. */
  auth?: FlowdeckAuth;
  people?: People;
  /** The API tokens admins made. */
  apiTokens?: ApiTokens;
  /** Approval requests and their sweep (escalation, closing those whose instance ended). */
  approvals?: ProcessApprovals;
  /** The retention policy and its sweep (FLOWDECK_RETENTION_DAYS / _BY_WORKFLOW); absent when none is set. */
  retention?: ProcessRetention;
  /** The loop working bulk jobs (POST /api/bulk-jobs); absent with FLOWDECK_WORKERS=off. */
  bulkJobs?: { stop(): void };
  /** The audit trail (recordAudit writes to it once the host is up). */
  audit?: AuditLog;
  /** The connected remote SDK workers, once this process serves gRPC (lib/sidecar). */
  remoteWorkers?: RemoteWorkers;
  /** This process's Prometheus metrics (absent with FLOWDECK_METRICS=off). */
  metrics?: MetricsTelemetry;
  /** This process's OpenTelemetry tracing (present when OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT is set). */
  tracing?: TracingTelemetry;
}

/** What the rest of the app needs to know about remote SDK workers. */
export interface RemoteWorkers {
  /** How many GetWorkItems streams are open in this process. */
  connected(): number;
  /** How many work items were sent on them and are not answered yet. */
  outstanding?(): number;
  /** The open streams: each SDK worker's connection, since when, and its unanswered items. */
  list?(): { id: number; peer: string; connectedAt: Date; outstanding: number }[];
}

const KEY = Symbol.for('flowdeck.engineHost');
type Holder = { [KEY]?: Promise<EngineHost> };

/**
 * The process-wide engine host, created on first use: migrates the database, registers the built-in
 * workflows and, unless FLOWDECK_WORKERS=off, starts the workers. Kept on globalThis because Next.js
 * loads modules separately for instrumentation and route handlers.
 */
export function getEngineHost(): Promise<EngineHost> {
  const holder = globalThis as Holder;
  holder[KEY] ??= createEngineHost().catch((error) => {
    delete holder[KEY];
    throw error;
  });
  return holder[KEY];
}

/** Stops the workers (graceful: running activities finish, leases are released) and closes the database. */
export async function stopEngineHost(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  if (!pending) return;
  delete holder[KEY];
  const host = await pending.catch(() => undefined);
  if (!host) return;
  await host.runtime.stop();
  await stopWebhookDispatcher();
  await host.tracing?.shutdown().catch(() => undefined);
  await host.metrics?.stop();
  installProcessMetrics(undefined);
  host.approvals?.stop();
  host.retention?.stop();
  host.bulkJobs?.stop();
  keepAuditLogIn(undefined);
  await host.prisma.$disconnect();
}

async function createEngineHost(): Promise<EngineHost> {
  const config = resolveDatabaseConfig();
  await migrateDatabase(config.url);
  const prisma = createPrismaClient(config.url);
  const store = createDatabaseStore(prisma, config.dialect);
  const audit = createAuditLog(prisma, store);
  keepAuditLogIn(audit);
  const auth = await createAuth(prisma, config.dialect);
  const people = createPeople(auth, prisma);
  await ensureFirstAdmin(auth, prisma, people);
  const inventory = createPrismaInventory(prisma);
  const settings = metricsSettingsFromEnv();
  let host: EngineHost | undefined;
  const metrics = settings.enabled ? createMetricsTelemetry({ store, pollIntervalMs: settings.pollIntervalMs, grpc: () => host?.remoteWorkers }) : undefined;
  const tracing = await startTracingFromEnv();
  const runtime = new WorkflowRuntime({ store, workerVersion: packageJson.version, telemetry: combineTelemetry(metrics ?? NO_TELEMETRY, tracing?.telemetry ?? NO_TELEMETRY), ...engineOptionsFromEnv() });
  const approvals = startProcessApprovals({ prisma, store, maxPayloadBytes: runtime.options.maxPayloadBytes, wake: () => runtime.notifier.workflowWork(), sweep: process.env.FLOWDECK_WORKERS !== 'off' });
  registerBuiltInWorkflows(runtime, { inventory, approvals: () => approvals.approvals });
  const retention = startProcessRetention({ store, prisma, sweep: process.env.FLOWDECK_WORKERS !== 'off' });
  host = { runtime, client: runtime.client(), store, registry: runtime.registry, inventory, prisma, sessions: new PrismaSessionStore(prisma), auth, people, apiTokens: createApiTokens(prisma), audit, approvals, retention, metrics, tracing };
  // Before the metrics and workers start: bad webhook settings stop the start here.
  startWebhookDispatcher(prisma, runtime.log, runtime.options.workerId);
  installProcessMetrics(metrics);
  metrics?.start();
  if (process.env.FLOWDECK_WORKERS !== 'off') {
    await runtime.start();
    host.bulkJobs = startProcessBulkJobs({ prisma, ctx: { client: host.client, store, maxPayloadBytes: runtime.options.maxPayloadBytes } });
  }
  return host;
}
