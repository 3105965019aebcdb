import type { RuntimeStatus } from '@/lib/engine/runtime-status';

/** A coloured pill with an instance's runtime status. */
export function StatusBadge({ status }: { status: RuntimeStatus }) {
  return <span className={`badge badge-${status.toLowerCase()}`}>{status}</span>;
}
