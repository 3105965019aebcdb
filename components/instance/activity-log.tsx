import type { ActivityLogLine } from '@/lib/api/dto';
import { formatClock } from '@/lib/client/format';

/** The lines activities wrote while they ran, oldest first, with the task they belong to. */
export function ActivityLog({ lines, omitted = 0 }: { lines: ActivityLogLine[]; omitted?: number }) {
  return (
    <section className="panel" aria-label="Activity log">
      <h2>Activity log</h2>
      {omitted > 0 && <p className="muted empty-inline">{omitted} earlier lines not shown (the latest {lines.length} are below).</p>}
      {lines.length === 0 ? (
        <p className="muted empty-inline">No activity has written a line yet.</p>
      ) : (
        <ol className="log-lines">
          {lines.map((l, i) => (
            <li key={i}>
              <time className="mono muted">{formatClock(l.createdAt)}</time>
              <span className="log-task mono">task {l.taskId}</span>
              <span>{l.message}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
