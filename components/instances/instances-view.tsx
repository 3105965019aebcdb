'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useRefreshInterval } from '@/lib/client/live-refresh';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import type { BulkAction } from '@/lib/api/dto';
import type { BulkJobAction } from '@/lib/bulk-jobs/bulk-job-runner';
import { matchingCount } from '@/lib/client/bulk-jobs';
import { instanceListQuery, workflowsQuery } from '@/lib/client/queries';
import { useNow } from '@/lib/client/use-now';
import { useTimeZone } from '@/lib/client/time-zone';
import { useUrlFilters } from '@/lib/client/use-url-filters';
import { filtersToApiFilter, filtersToSearch, type InstanceFilters } from '@/lib/client/instance-filters';
import { useListSelection } from '@/lib/client/use-list-selection';
import { ErrorBanner } from '@/components/ui/error-banner';
import { StartWorkflowButton } from '@/components/start-workflow-dialog';
import { BulkBar } from './bulk-bar';
import { BulkDialog } from './bulk-dialog';
import { BulkJobDialog } from './bulk-job-dialog';
import { BulkJobsPanel } from './bulk-jobs-panel';
import { ExportLinks } from './export-links';
import { FilterBar } from './filter-bar';
import { InstanceTable } from './instance-table';
import { Pager } from './pager';
import { SelectAllBanner } from './select-all-banner';
import { StatusChips } from './status-chips';
import { ZoneSwitch } from './zone-switch';

/**
 * The instances page: filters and sort from the URL (each change a history entry), a live table refreshed every
 * 1.5 s, cursor pages and bulk actions. A selection belongs to the view it was made in: changing a filter, the sort or
 * the page clears it. With a whole page ticked, "Select all N matching this filter" turns the bulk actions into a bulk
 * job over the filter, whose progress the jobs panel shows.
 */
export function InstancesView() {
  const [filters, setFilters] = useUrlFilters();
  const notice = useSearchParams().get('notice');
  // The page before each page reached by Next (cursor -> the cursor it came from; '' the first page): Back and
  // Forward move through the browser's history and keep it, so Previous works on any page Next reached.
  const [previousOf, setPreviousOf] = useState<ReadonlyMap<string, string>>(new Map());
  const { selection, toggle, setRows, selectAllMatching, clear } = useListSelection(filtersToSearch(filters).toString());
  const selected = selection.ids;
  const [bulk, setBulk] = useState<BulkAction | null>(null);
  const [job, setJob] = useState<BulkJobAction | null>(null);
  const now = useNow();
  const [zone] = useTimeZone();
  const liveMs = useRefreshInterval(1500);
  const list = useQuery({ ...instanceListQuery(filters), refetchInterval: liveMs, placeholderData: keepPreviousData });
  const workflows = useQuery(workflowsQuery());
  const items = list.data?.items ?? [];
  const matching = matchingCount(filters.statuses, list.data?.counts);
  const pageTicked = items.length > 0 && items.every((i) => selected.has(i.instanceId));

  const changeFilters = (next: InstanceFilters) => {
    setPreviousOf(new Map());
    setFilters(next);
  };
  const toggleAll = (select: boolean) => setRows(items.map((i) => i.instanceId), select);

  return (
    <section>
      <div className="page-head">
        <h1>Instances</h1>
        <div className="page-actions">
          <ZoneSwitch />
          <StartWorkflowButton />
        </div>
      </div>
      {notice && (
        <div className="banner banner-info" role="status">
          {notice}
        </div>
      )}
      <StatusChips selected={filters.statuses} counts={list.data?.counts} onChange={(statuses) => changeFilters({ ...filters, statuses, cursor: undefined })} />
      <FilterBar filters={filters} zone={zone} workflowNames={(workflows.data?.items ?? []).map((w) => w.name)} onChange={changeFilters} />
      {(selected.size > 0 || selection.allMatching) && (
        <BulkBar count={selection.allMatching ? matching : selected.size} allMatching={selection.allMatching} onAction={setBulk} onJob={setJob} onClear={clear} />
      )}
      {(selection.allMatching || (pageTicked && matching > items.length)) && (
        <SelectAllBanner pageCount={items.length} matching={matching} allMatching={selection.allMatching} onSelectAll={selectAllMatching} />
      )}
      <BulkJobsPanel now={now} zone={zone} />
      <ErrorBanner error={list.error} prefix="Could not load instances" />
      <div className="table-wrap">
        {list.isPending ? (
          <p className="empty">Loading instances…</p>
        ) : items.length === 0 ? (
          <p className="empty">No instances match these filters. Start one with “Start workflow” or from the Demos page.</p>
        ) : (
          <InstanceTable
            items={items}
            selected={selected}
            onToggle={toggle}
            onToggleAll={toggleAll}
            now={now}
            zone={zone}
            sort={filters.sort}
            order={filters.order}
            onSort={(sort, order) => changeFilters({ ...filters, sort, order, cursor: undefined })}
          />
        )}
      </div>
      <ExportLinks filters={filters} />
      <Pager
        atFirst={!filters.cursor}
        hasPrevious={filters.cursor !== undefined && previousOf.has(filters.cursor)}
        nextCursor={list.data?.nextCursor}
        shown={items.length}
        fetching={list.isFetching}
        onFirst={() => setFilters({ ...filters, cursor: undefined })}
        onPrevious={() => setFilters({ ...filters, cursor: previousOf.get(filters.cursor ?? '') || undefined })}
        onNext={(cursor) => {
          setPreviousOf((map) => new Map(map).set(cursor, filters.cursor ?? ''));
          setFilters({ ...filters, cursor });
        }}
      />
      {bulk && (
        <BulkDialog
          action={bulk}
          instanceIds={[...selected]}
          onClose={(applied) => {
            setBulk(null);
            if (applied) clear();
          }}
        />
      )}
      {job && (
        <BulkJobDialog
          action={job}
          filter={filtersToApiFilter(filters).toString()}
          onClose={(started) => {
            setJob(null);
            if (started) clear();
          }}
        />
      )}
    </section>
  );
}
