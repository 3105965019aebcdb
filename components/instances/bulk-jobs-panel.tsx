'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { bulkJobsQuery, queryKeys } from '@/lib/client/queries';
import { useRefreshInterval } from '@/lib/client/live-refresh';
import { usePermissions } from '@/lib/client/session';
import type { TimeZoneChoice } from '@/lib/client/time-zone';
import { ErrorBanner } from '@/components/ui/error-banner';
import { RoleNote } from '@/components/ui/role-note';
import { BulkJobCard } from './bulk-job-card';

/**
 * The instance list's bulk jobs (server state, so it survives a reload): running and recent jobs from GET
 * /api/bulk-jobs, refreshed at the page's live pace while any job runs; as a job moves on, the list reloads too, so
 * the rows follow it. Nothing is shown before the first job.
 */
export function BulkJobsPanel({ now, zone }: { now: number; zone: TimeZoneChoice }) {
  const liveMs = useRefreshInterval(1000);
  const jobs = useQuery({ ...bulkJobsQuery(), refetchInterval: (query) => (query.state.data?.jobs.some((j) => j.status === 'running') ? liveMs : false) });
  const denied = usePermissions().whyNot('operator');
  const list = jobs.data?.jobs ?? [];
  const client = useQueryClient();
  const progress = list.map((j) => `${j.id}:${j.processed}:${j.status}`).join(',');
  const seen = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (seen.current !== undefined && seen.current !== progress) void client.invalidateQueries({ queryKey: queryKeys.instances });
    seen.current = progress;
  }, [progress, client]);
  if (!jobs.error && list.length === 0) return null;
  const running = list.filter((j) => j.status === 'running').length;
  return (
    <section className="bulk-jobs" aria-label="Bulk jobs">
      <h2>
        Bulk jobs <span className="muted">{running ? `${running} running` : 'none running'}</span>
      </h2>
      <ErrorBanner error={jobs.error} prefix="Could not load bulk jobs" />
      {running > 0 && <RoleNote reason={denied} />}
      {list.map((job) => (
        <BulkJobCard key={job.id} job={job} denied={denied} now={now} zone={zone} />
      ))}
    </section>
  );
}
