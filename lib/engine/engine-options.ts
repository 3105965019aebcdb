import { DEFAULT_MAX_PAYLOAD_BYTES } from './payload';
import { DEFAULT_MAX_KEPT_EXECUTIONS } from './recovery-store';

/** Tuning knobs of a runtime's workers; every one has a default. */
export interface EngineOptions {
  /** Identifies this worker's leases; default: hostname-pid-random. */
  workerId: string;
  /** Workflow steps run at the same time by this process (Dapr's maxConcurrentWorkflowInvocations). */
  maxConcurrentWorkflowInvocations: number;
  /** Activities run at the same time by this process (Dapr's maxConcurrentActivityInvocations). */
  maxConcurrentActivityInvocations: number;
  /** How long a claimed instance or activity stays leased without renewal. */
  leaseMs: number;
  /** How often idle workers look for work written by other processes and for due timers. */
  pollIntervalMs: number;
  /** Largest input, output, event payload or activity result, in bytes. */
  maxPayloadBytes: number;
  /** How long stop() lets running activities finish before releasing their leases. */
  shutdownGraceMs: number;
  /** Workflow executors kept in memory between steps (replay is skipped for those). */
  executorCacheSize: number;
  /** Closed executions a continued-as-new instance keeps readable (oldest dropped). */
  maxKeptExecutions: number;
  /**
   * Whether a step's activities run in this process at once (no claim) and their results go straight into the
   * next step, committed together (worker-pairing.ts); off, every hand-over goes through the queue.
   */
  directHandover: boolean;
}

/** Defaults: unlimited-ish concurrency as in Dapr, 30 s leases, 500 ms polling, 1 MiB payloads. */
export const DEFAULT_ENGINE_OPTIONS: Omit<EngineOptions, 'workerId'> = {
  maxConcurrentWorkflowInvocations: 100,
  maxConcurrentActivityInvocations: 100,
  leaseMs: 30_000,
  pollIntervalMs: 500,
  maxPayloadBytes: DEFAULT_MAX_PAYLOAD_BYTES,
  shutdownGraceMs: 10_000,
  executorCacheSize: 2_000,
  maxKeptExecutions: DEFAULT_MAX_KEPT_EXECUTIONS,
  directHandover: true,
};
