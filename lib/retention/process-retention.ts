// The retention sweep of a server process with workers (FLOWDECK_RETENTION_DAYS / _BY_WORKFLOW): runs every
// FLOWDECK_RETENTION_INTERVAL_MS, keeps its last run where every process's System page reads it (AppSetting), and
// records what it removed in the audit trail.
import type { DbClient } from '../db/client';
import { recordAudit } from '../audit/audit-log';
import { createEngineLog } from '../engine/logs';
import type { WorkflowStore } from '../engine/store';
import { describePolicy, retentionPolicyFromEnv, type RetentionPolicy } from './retention-policy';
import { RetentionSweeper, type RetentionRun } from './retention-sweeper';

/** The AppSetting key of the last run (any process's). */
const LAST_RUN_KEY = 'retention.lastRun';

/** What the System page says about retention. */
export type RetentionStatus = { configured: false } | { configured: true; policy: string; lastRunAt: string | null; lastRemoved: number | null; lastError?: string };

/** How often the sweep runs (FLOWDECK_RETENTION_INTERVAL_MS, default one minute, at least one second). */
export function retentionIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.FLOWDECK_RETENTION_INTERVAL_MS);
  return Number.isInteger(ms) && ms >= 1000 ? ms : 60_000;
}

/** A process's retention: its policy, and a stop for its sweep. */
export interface ProcessRetention {
  policy: RetentionPolicy;
  stop(): void;
}

/**
 * Starts the sweep when the environment sets a policy (throws RetentionSettingError for a bad one, at start);
 * undefined when it sets none. `sweep` false (FLOWDECK_WORKERS=off) keeps the policy for the System page only.
 */
export function startProcessRetention(deps: { store: WorkflowStore; prisma: DbClient; sweep: boolean }): ProcessRetention | undefined {
  const policy = retentionPolicyFromEnv();
  if (!policy) return undefined;
  if (!deps.sweep) return { policy, stop: () => undefined };
  const log = createEngineLog();
  const sweeper = new RetentionSweeper({ store: deps.store, policy, onRun: (run) => keepRun(deps.prisma, run, log) });
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    await sweeper.runOnce().finally(() => (running = false));
  };
  const first = setTimeout(tick, Math.min(5_000, retentionIntervalMs()));
  const timer = setInterval(tick, retentionIntervalMs());
  first.unref();
  timer.unref();
  return {
    policy,
    stop: () => {
      clearTimeout(first);
      clearInterval(timer);
    },
  };
}

/** The retention status from the policy and the last run any process recorded. */
export async function readRetentionStatus(prisma: DbClient, policy: RetentionPolicy | undefined): Promise<RetentionStatus> {
  if (!policy) return { configured: false };
  const row = await prisma.appSetting.findUnique({ where: { key: LAST_RUN_KEY } }).catch(() => null);
  const run = row ? (JSON.parse(row.value) as RetentionRun) : undefined;
  return { configured: true, policy: describePolicy(policy), lastRunAt: run?.at ?? null, lastRemoved: run?.removed ?? null, ...(run?.error ? { lastError: run.error } : {}) };
}

async function keepRun(prisma: DbClient, run: RetentionRun, log: ReturnType<typeof createEngineLog>): Promise<void> {
  if (run.error) log.message('warn', `retention sweep stopped after removing ${run.removed} instances: ${run.error}; it goes on at its next run`);
  else if (run.removed > 0) log.message('info', `retention sweep removed ${run.removed} finished instances`);
  const value = JSON.stringify(run);
  await prisma.appSetting
    .upsert({ where: { key: LAST_RUN_KEY }, create: { key: LAST_RUN_KEY, value, createdAt: new Date(run.at) }, update: { value } })
    .catch(() => undefined);
  if (run.removed > 0) {
    await recordAudit({ action: 'retention.purge', actor: { kind: 'system', name: 'retention' }, outcome: run.error ? 'failed' : 'ok', details: { removed: run.removed, byWorkflow: run.byWorkflow } });
  }
}
