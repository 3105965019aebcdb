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

const TERMINAL: ReadonlySet<RuntimeStatus> = new Set(['COMPLETED', 'FAILED', 'TERMINATED', 'CANCELED']);

/** True for statuses after which the instance takes no more steps (its ID may be reused). */
export function isTerminalStatus(status: RuntimeStatus): boolean {
  return TERMINAL.has(status);
}

/** True when `value` names a runtime status. */
export function isRuntimeStatus(value: string): value is RuntimeStatus {
  return (RUNTIME_STATUSES as readonly string[]).includes(value);
}
