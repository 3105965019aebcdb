// Dapr's runtime statuses and the one definition of which of them end an instance, may be purged, or
// allow each operation. Every store, the API and the dashboard import these sets.

/** The runtime statuses of a workflow instance, with Dapr's names. */
export const RUNTIME_STATUSES = [
  'RUNNING',
  'COMPLETED',
  'CONTINUED_AS_NEW',
  'FAILED',
  'CANCELED',
  'TERMINATED',
  'PENDING',
  'SUSPENDED',
] as const;

/** One of Dapr's runtime statuses. */
export type RuntimeStatus = (typeof RUNTIME_STATUSES)[number];

/**
 * Statuses after which the instance takes no more steps and its ID may be reused (durabletask's
 * "completed": COMPLETED, FAILED, TERMINATED and the legacy CANCELED).
 */
export const TERMINAL_STATUSES: readonly RuntimeStatus[] = ['COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED'];

/** Statuses of a live instance (every status that is not terminal): it can still be terminated or sent events. */
export const LIVE_STATUSES: readonly RuntimeStatus[] = RUNTIME_STATUSES.filter((status) => !TERMINAL_STATUSES.includes(status));

/** Statuses whose instances may be purged: exactly the terminal ones. */
export const PURGEABLE_STATUSES: readonly RuntimeStatus[] = TERMINAL_STATUSES;

/**
 * Statuses after which the current execution's history has ended: terminal, or continued as new (that
 * execution is over even though the instance goes on). What the timeline draws as finished.
 */
export const EXECUTION_ENDED_STATUSES: readonly RuntimeStatus[] = [...TERMINAL_STATUSES, 'CONTINUED_AS_NEW'];

/** The management operations that depend on an instance's status. */
export type StatusOperation = 'pause' | 'resume' | 'terminate' | 'raiseEvent' | 'purge';

/** The statuses in which each management operation is allowed. */
export const OPERATION_STATUSES: Readonly<Record<StatusOperation, readonly RuntimeStatus[]>> = {
  pause: ['RUNNING'],
  resume: ['SUSPENDED'],
  terminate: LIVE_STATUSES,
  raiseEvent: LIVE_STATUSES,
  purge: PURGEABLE_STATUSES,
};

/** True for statuses after which the instance takes no more steps (its ID may be reused). */
export function isTerminalStatus(status: RuntimeStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** True for statuses of a live instance (not terminal). */
export function isLiveStatus(status: RuntimeStatus): boolean {
  return !isTerminalStatus(status);
}

/** True for statuses whose instances may be purged. */
export function isPurgeableStatus(status: RuntimeStatus): boolean {
  return PURGEABLE_STATUSES.includes(status);
}

/** True when the current execution's history has ended (terminal, or continued as new). */
export function hasExecutionEnded(status: RuntimeStatus): boolean {
  return EXECUTION_ENDED_STATUSES.includes(status);
}

/** True when `operation` is allowed on an instance in `status`. */
export function allowsOperation(operation: StatusOperation, status: RuntimeStatus): boolean {
  return OPERATION_STATUSES[operation].includes(status);
}

/** True when `value` names a runtime status. */
export function isRuntimeStatus(value: string): value is RuntimeStatus {
  return (RUNTIME_STATUSES as readonly string[]).includes(value);
}
