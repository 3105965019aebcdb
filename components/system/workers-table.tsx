import type { SystemRemoteWorker, SystemWorker } from '@/lib/api/system-status';
import { formatTime } from '@/lib/client/format';

/** The engine processes with a heartbeat on this database, then the SDK workers connected to this process. */
export function WorkersTable({ workers, remote }: { workers: SystemWorker[]; remote: SystemRemoteWorker[] }) {
  return (
    <div className="table-wrap">
      <table className="data-table" aria-label="Engine processes and remote workers">
        <thead>
          <tr>
            <th>Worker</th>
            <th>Host</th>
            <th>PID</th>
            <th>Version</th>
            <th>Started</th>
            <th>Last heartbeat</th>
            <th>In flight</th>
          </tr>
        </thead>
        <tbody>
          {workers.length === 0 && remote.length === 0 ? (
            <tr>
              <td colSpan={7} className="empty">
                No engine worker records a heartbeat on this database (FLOWDECK_WORKERS=off everywhere?).
              </td>
            </tr>
          ) : null}
          {workers.map((w) => (
            <tr key={w.workerId} data-worker={w.workerId}>
              <td className="mono">
                {w.workerId} {w.self ? <span className="badge">this process</span> : null} {w.live ? null : <span className="badge badge-fail">silent</span>}
              </td>
              <td>{w.host}</td>
              <td>{w.pid}</td>
              <td>{w.version ?? '—'}</td>
              <td>{formatTime(w.startedAt)}</td>
              <td>{formatTime(w.lastSeenAt)}</td>
              <td data-testid={w.self ? 'self-in-flight' : undefined}>
                {w.inFlight ? `${w.inFlight.steps} steps, ${w.inFlight.activities} activities` : <span className="muted">not recorded</span>}
              </td>
            </tr>
          ))}
          {remote.map((r) => (
            <tr key={`remote-${r.id}`}>
              <td className="mono">
                SDK worker #{r.id} <span className="badge">gRPC</span>
              </td>
              <td className="mono">{r.peer}</td>
              <td>—</td>
              <td>—</td>
              <td>{formatTime(r.connectedAt)}</td>
              <td>connected</td>
              <td>{r.outstanding} work items</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
